// swift-tools-version:6.0
import PackageDescription

/// The BLAS backend's Swift code is compiled for AVX2 + FMA on x86-64 (Haswell, Zen and later);
/// its vector kernels (CPUKernels) are C, compiled for AVX-512, AVX2 and plain vectors in one
/// binary and chosen at run time (docs/performance.md).
#if arch(x86_64)
let backendsSettings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let backendsSettings: [SwiftSetting] = []
#endif

/// polspec: declarative robot-policy specs, compiled to fast CPU code, trained and benchmarked.
/// Module layout and dependency direction: docs/architecture.md.
let package = Package(
    name: "polspec",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "polspec", targets: ["polspec"]),
        .library(name: "SpecLang", targets: ["SpecLang"]),
        .library(name: "Compiler", targets: ["Compiler"]),
        .library(name: "Lowering", targets: ["Lowering"]),
        .library(name: "Backends", targets: ["Backends"]),
        .library(name: "Runtime", targets: ["Runtime"]),
        .library(name: "Bench", targets: ["Bench"]),
        .library(name: "SafeTensors", targets: ["SafeTensors"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // OpenBLAS, loaded at run time (dlopen) so that polspec can choose its kernels first.
        .target(name: "COpenBLAS", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // cpuid and the vector kernels for each instruction set.
        .target(name: "CPUKernels"),
        .target(name: "SpecLang", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "Compiler"),
        .target(name: "Lowering", dependencies: ["SpecLang", "Compiler"]),
        .target(name: "Backends", dependencies: ["Compiler", "COpenBLAS", "CPUKernels"], swiftSettings: backendsSettings),
        .target(name: "SafeTensors"),
        .target(name: "Bench", dependencies: ["SafeTensors"]),
        .target(name: "Runtime", dependencies: ["SpecLang", "Compiler", "Lowering", "Backends", "Bench", "SafeTensors"]),
        .executableTarget(
            name: "polspec",
            dependencies: [
                "SpecLang", "Compiler", "Lowering", "Backends", "Runtime", "Bench", "SafeTensors",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Test support (Swift): a seeded generator shared by the fuzz tests.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "SpecLangTests", dependencies: ["SpecLang", "TestSupport"]),
        .testTarget(name: "CompilerTests", dependencies: ["Compiler"]),
        .testTarget(name: "LoweringTests", dependencies: ["Lowering", "SpecLang", "Compiler"]),
        // Test support (C): counts heap allocations, for the BLAS backend's no-allocation test.
        .target(name: "AllocationCounter", path: "Tests/AllocationCounter"),
        .testTarget(name: "BackendsTests", dependencies: ["Backends", "CPUKernels", "AllocationCounter", "TestSupport"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "Lowering", "SpecLang", "Compiler", "Backends", "Bench", "TestSupport"]),
        .testTarget(name: "BenchTests", dependencies: ["Bench"]),
        .testTarget(name: "SafeTensorsTests", dependencies: ["SafeTensors", "TestSupport"]),
        .testTarget(name: "polspecTests", dependencies: ["polspec"]),
    ]
)
