// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "tplpatch",
    products: [
        .library(name: "TemplateSyntax", targets: ["TemplateSyntax"]),
        .library(name: "HCLSyntax", targets: ["HCLSyntax"]),
    ],
    targets: [
        .target(name: "TemplateSyntax"),
        .target(name: "HCLSyntax", dependencies: ["TemplateSyntax"]),
        .target(name: "TestSupport", dependencies: ["TemplateSyntax"], path: "Tests/TestSupport"),
        .testTarget(name: "TemplateSyntaxTests", dependencies: ["TemplateSyntax", "TestSupport"]),
        .testTarget(name: "HCLSyntaxTests", dependencies: ["HCLSyntax", "TestSupport"]),
    ]
)
