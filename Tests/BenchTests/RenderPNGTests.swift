import Foundation
import Testing

@testable import Bench

@Suite("PNG output")
struct RenderPNGTests {
    @Test func checksumsMatchKnownValues() {
        #expect(Render.CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(Render.CRC32.checksum(Array("IEND".utf8)) == 0xAE42_6082)
        #expect(Render.Adler32.checksum(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(Render.Adler32.checksum([UInt8](repeating: 255, count: 100_000)) == 0x149A_302C)  // zlib.adler32(bytes([255]) * 100000)
    }

    @Test("zlib streams inflate back", arguments: ["empty", "text", "noise", "runs"])
    func zlibRoundTrip(kind: String) throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let data: [UInt8] =
            switch kind {
            case "empty": []
            case "text": Array(String(repeating: "the quick brown fox jumps over the lazy dog. ", count: 200).utf8)
            case "noise":
                (0..<70_000).map { _ in
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    return UInt8(truncatingIfNeeded: state >> 33)
                }
            default: (0..<100_000).map { UInt8(($0 / 300) % 7) }
            }
        let compressed = Render.Zlib.compress(data)
        #expect(try TestPNGDecoder.zlibInflate(compressed) == data)
        if kind == "text" || kind == "runs" { #expect(compressed.count < data.count / 10) }
        if kind == "noise" { #expect(compressed.count <= data.count + 5 * 2 + 6) }  // stored blocks
    }

    @Test func renderedFrameRoundTripsThroughPNG() throws {
        let gripper = Render.SampleScene.gripperPath(phase: 0.1)
        let frame = Render.Rasterizer().render(
            Render.SampleScene.tabletop(gripper: gripper), camera: try Render.SampleScene.agentviewCamera(size: 64))
        let png = try Render.PNG.encode(frame.rgb)
        let decoder = try TestPNGDecoder(png)
        #expect(decoder.chunks.map(\.type) == ["IHDR", "IDAT", "IEND"])
        #expect(decoder.width == 64 && decoder.height == 64)
        #expect(try decoder.frames() == [frame.rgb.pixels])
        #expect(png.count < frame.rgb.pixels.count / 2)
    }

    @Test func animationHasEveryFrameInOrder() throws {
        let rasterizer = Render.Rasterizer()
        let images = try (0..<5).map { i in
            let gripper = Render.SampleScene.gripperPath(phase: Double(i) / 5)
            return rasterizer.render(
                Render.SampleScene.tabletop(gripper: gripper),
                camera: try Render.SampleScene.wristCamera(gripper: gripper, size: 64)
            ).rgb
        }
        let apng = try Render.PNG.encodeAnimation(images, framesPerSecond: 20)
        let decoder = try TestPNGDecoder(apng)
        #expect(decoder.chunks.map(\.type) == ["IHDR", "acTL", "fcTL", "IDAT"] + Array(repeating: ["fcTL", "fdAT"], count: 4).flatMap { $0 } + ["IEND"])
        let actl = decoder.chunks[1].data
        #expect(TestPNGDecoder.u32(actl, 0) == 5 && TestPNGDecoder.u32(actl, 4) == 0)
        let fctl = decoder.chunks[2].data
        #expect(Array(fctl[20..<24]) == [0, 1, 0, 20])  // delay 1/20 s
        #expect(try decoder.frames() == images.map(\.pixels))
    }

    @Test func gridLaysImagesOutInRows() throws {
        let red = Render.RGBImage(width: 2, height: 1, fill: Render.Color(r: 255, g: 0, b: 0))
        let blue = Render.RGBImage(width: 2, height: 1, fill: Render.Color(r: 0, g: 0, b: 255))
        let sheet = try Render.RGBImage.grid([red, blue, red], columns: 2, gap: 1, gapColor: Render.Color(r: 9, g: 9, b: 9))
        #expect(sheet.width == 5 && sheet.height == 3)
        let r = Render.Color(r: 255, g: 0, b: 0), b = Render.Color(r: 0, g: 0, b: 255), g = Render.Color(r: 9, g: 9, b: 9)
        let rows = (0..<3).map { y in (0..<5).map { sheet[$0, y] } }
        #expect(rows == [[r, r, g, b, b], [g, g, g, g, g], [r, r, g, g, g]])
        #expect(throws: Render.RenderError.self) { try Render.RGBImage.grid([red, sheet], columns: 2) }
        #expect(throws: Render.RenderError.self) { try Render.RGBImage.grid([], columns: 2) }
    }

    @Test func filesAreWrittenAtomicallyAndBadInputIsRejected() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("render-png-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = Render.RGBImage(width: 3, height: 2, fill: Render.Color(r: 1, g: 2, b: 3))
        let path = directory.appendingPathComponent("a.png").path
        try Render.PNG.write(image, to: path)
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(try TestPNGDecoder(written).frames() == [image.pixels])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["a.png"])
        #expect(throws: Render.RenderError.self) {
            try Render.PNG.write(image, to: directory.appendingPathComponent("missing/b.png").path)
        }
        #expect(throws: Render.RenderError.self) { try Render.PNG.encode(Render.RGBImage(width: 0, height: 0)) }
        #expect(throws: Render.RenderError.self) { try Render.PNG.encodeAnimation([], framesPerSecond: 10) }
        #expect(throws: Render.RenderError.self) { try Render.PNG.encodeAnimation([image], framesPerSecond: 0) }
        #expect(throws: Render.RenderError.self) {
            try Render.PNG.encodeAnimation([image, Render.RGBImage(width: 1, height: 1)], framesPerSecond: 10)
        }
    }
}
