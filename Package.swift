// swift-tools-version:6.0
import PackageDescription

/// The git commit `tplpatch --version` names: TPLPATCH_GIT_COMMIT from the
/// build's environment (the Makefile sets it from `git rev-parse HEAD`),
/// taken only when it is a commit id (hex, optionally `-dirty`), so it can
/// only ever be a C string literal. Without it the version says "unknown".
let gitCommit: String? = Context.environment["TPLPATCH_GIT_COMMIT"].flatMap { text in
    let id = text.hasSuffix("-dirty") ? String(text.dropLast(6)) : text
    let isHex = (7...64).contains(id.count) && id.allSatisfy { "0123456789abcdef".contains($0) }
    return isHex ? text : nil
}

let package = Package(
    name: "tplpatch",
    products: [
        .library(name: "TemplateSyntax", targets: ["TemplateSyntax"]),
        .library(name: "JSONSyntax", targets: ["JSONSyntax"]),
        .library(name: "HCLSyntax", targets: ["HCLSyntax"]),
        .library(name: "YAMLSyntax", targets: ["YAMLSyntax"]),
        .library(name: "PythonSyntax", targets: ["PythonSyntax"]),
        .library(name: "TOMLSyntax", targets: ["TOMLSyntax"]),
        .library(name: "TemplatePatch", targets: ["TemplatePatch"]),
        .library(name: "S3Publish", targets: ["S3Publish"]),
        .executable(name: "tplpatch", targets: ["tplpatch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        // `make docs`: the DocC catalogs in Sources/*/*.docc (issue 12).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .target(name: "TemplateSyntax"),
        .target(name: "JSONSyntax", dependencies: ["TemplateSyntax"]),
        .target(name: "HCLSyntax", dependencies: ["TemplateSyntax"]),
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .target(name: "YAMLSyntax", dependencies: ["TemplateSyntax", "CYAML"]),
        .target(name: "PythonSyntax", dependencies: ["TemplateSyntax"]),
        .target(name: "TOMLSyntax", dependencies: ["TemplateSyntax"]),
        .target(
            name: "TemplatePatch",
            dependencies: [
                "TemplateSyntax", "JSONSyntax", "HCLSyntax", "PythonSyntax", "YAMLSyntax", "TOMLSyntax",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "S3Publish",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        .target(
            name: "CBuildInfo",
            cSettings: gitCommit.map { [.define("TPLPATCH_GIT_COMMIT", to: "\"\($0)\"")] } ?? []),
        .executableTarget(
            name: "tplpatch",
            dependencies: [
                "TemplatePatch",
                "CBuildInfo",
                "S3Publish",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The benchmark measures the CLI as whole processes: Foundation only,
        // no dependency on the library modules.
        .executableTarget(name: "tplpatch-bench", path: "Benchmarks/tplpatch-bench"),
        .target(name: "TestSupport", dependencies: ["TemplateSyntax"], path: "Tests/TestSupport"),
        .testTarget(name: "TemplateSyntaxTests", dependencies: ["TemplateSyntax", "TestSupport"]),
        .testTarget(name: "JSONSyntaxTests", dependencies: ["JSONSyntax", "TestSupport"]),
        .testTarget(name: "HCLSyntaxTests", dependencies: ["HCLSyntax", "TestSupport"]),
        .testTarget(name: "YAMLSyntaxTests", dependencies: ["YAMLSyntax", "CYAML", "TestSupport"]),
        .testTarget(name: "PythonSyntaxTests", dependencies: ["PythonSyntax", "TestSupport"]),
        .testTarget(name: "TOMLSyntaxTests", dependencies: ["TOMLSyntax", "TestSupport"]),
        .testTarget(name: "TemplatePatchTests", dependencies: ["TemplatePatch", "TestSupport"]),
        .testTarget(name: "S3PublishTests", dependencies: ["S3Publish", "TestSupport"]),
        .testTarget(name: "tplpatchTests", dependencies: ["tplpatch", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
