// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "tplpatch",
    products: [
        .library(name: "TemplateSyntax", targets: ["TemplateSyntax"]),
    ],
    targets: [
        .target(name: "TemplateSyntax"),
        .target(name: "TestSupport", dependencies: ["TemplateSyntax"], path: "Tests/TestSupport"),
        .testTarget(name: "TemplateSyntaxTests", dependencies: ["TemplateSyntax", "TestSupport"]),
    ]
)
