import Foundation

extension Render {
    /// PNG and animated PNG (APNG) encoding of ``Render/RGBImage``s: 8-bit RGB, no interlace,
    /// per-row adaptive filtering, own zlib (``Render/Zlib``).
    public enum PNG {
        private static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

        /// The PNG file of one image.
        public static func encode(_ image: RGBImage) throws -> [UInt8] {
            try checkSize(image)
            var out = signature
            appendChunk("IHDR", header(image), to: &out)
            appendChunk("IDAT", Zlib.compress(filteredScanlines(image)), to: &out)
            appendChunk("IEND", [], to: &out)
            return out
        }

        /// An animated PNG showing `frames` in order at `framesPerSecond` (1...1000), looping
        /// forever. Viewers without APNG support show the first frame.
        public static func encodeAnimation(_ frames: [RGBImage], framesPerSecond: Int) throws -> [UInt8] {
            guard let first = frames.first else { throw RenderError.invalidFrames("no frames") }
            guard frames.allSatisfy({ $0.width == first.width && $0.height == first.height }) else {
                throw RenderError.invalidFrames("frames differ in size")
            }
            guard (1...1000).contains(framesPerSecond) else {
                throw RenderError.invalidFrames("frames per second \(framesPerSecond) must be 1...1000")
            }
            try checkSize(first)
            var out = signature
            appendChunk("IHDR", header(first), to: &out)
            appendChunk("acTL", bigEndian(UInt32(frames.count)) + bigEndian(UInt32(0)), to: &out)
            var sequence: UInt32 = 0
            for (index, frame) in frames.enumerated() {
                var control = bigEndian(sequence)
                control += bigEndian(UInt32(first.width)) + bigEndian(UInt32(first.height))
                control += bigEndian(UInt32(0)) + bigEndian(UInt32(0))  // x, y offsets
                control += bigEndian(UInt16(1)) + bigEndian(UInt16(framesPerSecond))  // delay 1/fps s
                control += [0, 0]  // dispose: none, blend: source
                appendChunk("fcTL", control, to: &out)
                sequence += 1
                let data = Zlib.compress(filteredScanlines(frame))
                if index == 0 {
                    appendChunk("IDAT", data, to: &out)
                } else {
                    appendChunk("fdAT", bigEndian(sequence) + data, to: &out)
                    sequence += 1
                }
            }
            appendChunk("IEND", [], to: &out)
            return out
        }

        /// Writes the PNG of `image` to `path` atomically.
        public static func write(_ image: RGBImage, to path: String) throws {
            try writeAtomically(encode(image), to: path)
        }

        /// Writes an animated PNG of `frames` to `path` atomically.
        public static func writeAnimation(_ frames: [RGBImage], framesPerSecond: Int, to path: String) throws {
            try writeAtomically(encodeAnimation(frames, framesPerSecond: framesPerSecond), to: path)
        }

        private static func checkSize(_ image: RGBImage) throws {
            guard image.width > 0, image.height > 0 else {
                throw RenderError.invalidImageSize(width: image.width, height: image.height)
            }
        }

        private static func header(_ image: RGBImage) -> [UInt8] {
            // bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace
            bigEndian(UInt32(image.width)) + bigEndian(UInt32(image.height)) + [8, 2, 0, 0, 0]
        }

        private static func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
            (0..<(T.bitWidth / 8)).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
        }

        private static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
            let typeBytes = Array(type.utf8)
            out += bigEndian(UInt32(data.count))
            out += typeBytes
            out += data
            let crc = CRC32.checksum(data, continuing: CRC32.checksum(typeBytes))
            out += bigEndian(crc)
        }

        /// Each row prefixed by the filter type (0 none, 1 sub, 2 up, 3 average, 4 Paeth) that
        /// minimises the sum of absolute filtered bytes (as signed), the usual heuristic.
        static func filteredScanlines(_ image: RGBImage) -> [UInt8] {
            let rowBytes = image.width * 3
            var out = [UInt8](repeating: 0, count: image.height * (rowBytes + 1))
            var candidate = [UInt8](repeating: 0, count: rowBytes)
            image.pixels.withUnsafeBufferPointer { pixels in
                for y in 0..<image.height {
                    let row = y * rowBytes
                    var bestScore = Int.max
                    for filter in UInt8(0)...4 {
                        var score = 0
                        for i in 0..<rowBytes {
                            let x = pixels[row + i]
                            let a = i >= 3 ? pixels[row + i - 3] : 0
                            let b = y > 0 ? pixels[row - rowBytes + i] : 0
                            let c = i >= 3 && y > 0 ? pixels[row - rowBytes + i - 3] : 0
                            let predicted: UInt8 =
                                switch filter {
                                case 0: 0
                                case 1: a
                                case 2: b
                                case 3: UInt8((Int(a) + Int(b)) / 2)
                                default: paeth(a, b, c)
                                }
                            let value = x &- predicted
                            candidate[i] = value
                            score += abs(Int(Int8(bitPattern: value)))
                        }
                        if score < bestScore {
                            bestScore = score
                            let start = y * (rowBytes + 1)
                            out[start] = filter
                            out.replaceSubrange((start + 1)...(start + rowBytes), with: candidate)
                        }
                    }
                }
            }
            return out
        }

        /// The Paeth predictor of PNG filter type 4.
        static func paeth(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
            let p = Int(a) + Int(b) - Int(c)
            let (pa, pb, pc) = (abs(p - Int(a)), abs(p - Int(b)), abs(p - Int(c)))
            return pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
        }
    }

    /// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so
    /// readers never see a half-written file.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw RenderError.writeFailed(path: path, reason: error.localizedDescription)
        }
    }
}
