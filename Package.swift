// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "tplpatch",
    products: [
        .library(name: "TemplateSyntax", targets: ["TemplateSyntax"]),
        .library(name: "JSONSyntax", targets: ["JSONSyntax"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "TemplateSyntax"),
        .target(name: "JSONSyntax", dependencies: ["TemplateSyntax"]),
        
        .target(name: "TestSupport", dependencies: ["TemplateSyntax"], path: "Tests/TestSupport"),
        .testTarget(name: "TemplateSyntaxTests", dependencies: ["TemplateSyntax", "TestSupport"]),
        .testTarget(name: "JSONSyntaxTests", dependencies: ["JSONSyntax", "TestSupport"]),
    ]
)
