// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "tplpatch",
    products: [
        .library(name: "S3Publish", targets: ["S3Publish"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .target(
            name: "S3Publish",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "S3PublishTests", dependencies: ["S3Publish"]),
    ],
    swiftLanguageModes: [.v6]
)
