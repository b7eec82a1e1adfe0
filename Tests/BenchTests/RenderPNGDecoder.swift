@testable import Bench

/// An independent PNG / APNG reader for the tests: checks the signature, every chunk's CRC and
/// the zlib Adler-32, inflates stored and fixed-Huffman deflate blocks (what the encoder
/// writes) and undoes the five row filters.
struct TestPNGDecoder {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    struct Chunk {
        let type: String
        let data: [UInt8]
    }

    let chunks: [Chunk]

    init(_ bytes: [UInt8]) throws {
        guard bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw Failure("signature") }
        var chunks: [Chunk] = []
        var p = 8
        while p < bytes.count {
            guard p + 12 <= bytes.count else { throw Failure("truncated chunk") }
            let length = Int(Self.u32(bytes, p))
            guard p + 12 + length <= bytes.count else { throw Failure("truncated chunk data") }
            let typeBytes = Array(bytes[(p + 4)..<(p + 8)])
            let data = Array(bytes[(p + 8)..<(p + 8 + length)])
            let crc = Self.u32(bytes, p + 8 + length)
            guard crc == Self.crc32(typeBytes + data) else { throw Failure("bad CRC") }
            chunks.append(Chunk(type: String(decoding: typeBytes, as: UTF8.self), data: data))
            p += 12 + length
        }
        guard chunks.first?.type == "IHDR", chunks.last?.type == "IEND" else { throw Failure("chunk order") }
        self.chunks = chunks
    }

    var width: Int { Int(Self.u32(chunks[0].data, 0)) }
    var height: Int { Int(Self.u32(chunks[0].data, 4)) }

    /// The frames: the IDAT image, then each fdAT frame of an animation.
    func frames() throws -> [[UInt8]] {
        let header = chunks[0].data
        guard header.count == 13, Array(header[8...]) == [8, 2, 0, 0, 0] else { throw Failure("not 8-bit RGB") }
        var streams: [[UInt8]] = []
        var current: [UInt8]? = nil
        var expectedSequence: UInt32 = 0
        for chunk in chunks {
            switch chunk.type {
            case "fcTL":
                guard Self.u32(chunk.data, 0) == expectedSequence else { throw Failure("fcTL sequence") }
                expectedSequence += 1
                if let c = current { streams.append(c) }
                current = []
            case "IDAT":
                current = (current ?? []) + chunk.data
            case "fdAT":
                guard Self.u32(chunk.data, 0) == expectedSequence else { throw Failure("fdAT sequence") }
                expectedSequence += 1
                current! += chunk.data[4...]
            default: break
            }
        }
        if let c = current { streams.append(c) }
        return try streams.map { try Self.unfilter(Self.zlibInflate($0), width: width, height: height) }
    }

    static func u32(_ b: [UInt8], _ p: Int) -> UInt32 {
        UInt32(b[p]) << 24 | UInt32(b[p + 1]) << 16 | UInt32(b[p + 2]) << 8 | UInt32(b[p + 3])
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            c ^= UInt32(byte)
            for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1 }
        }
        return ~c
    }

    static func zlibInflate(_ stream: [UInt8]) throws -> [UInt8] {
        guard stream.count >= 6, stream[0] & 0x0F == 8, (UInt16(stream[0]) << 8 | UInt16(stream[1])) % 31 == 0 else {
            throw Failure("zlib header")
        }
        var reader = BitReader(bytes: Array(stream[2...]))
        var out: [UInt8] = []
        var final = false
        while !final {
            final = try reader.bits(1) == 1
            switch try reader.bits(2) {
            case 0:
                reader.alignToByte()
                let length = try reader.bits(16), complement = try reader.bits(16)
                guard length == ~complement & 0xFFFF else { throw Failure("stored length") }
                for _ in 0..<length { out.append(UInt8(try reader.bits(8))) }
            case 1:
                try inflateFixed(&reader, into: &out)
            default:
                throw Failure("unsupported block type")
            }
        }
        reader.alignToByte()
        let adler = try (0..<4).reduce(UInt32(0)) { acc, _ in acc << 8 | UInt32(try reader.bits(8)) }
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in out {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        guard adler == b << 16 | a else { throw Failure("Adler-32") }
        return out
    }

    private static func inflateFixed(_ r: inout BitReader, into out: inout [UInt8]) throws {
        let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
        let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
        let distBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
        let distExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
        while true {
            // Fixed codes, read most significant bit first (RFC 1951 §3.2.6).
            var code = try r.msbFirst(7)
            let symbol: Int
            if code <= 0b0010111 {
                symbol = 256 + code
            } else {
                code = code << 1 | (try r.bits(1))
                if (0x30...0xBF).contains(code) {
                    symbol = code - 0x30
                } else if (0xC0...0xC7).contains(code) {
                    symbol = 280 + code - 0xC0
                } else {
                    code = code << 1 | (try r.bits(1))
                    guard (0x190...0x1FF).contains(code) else { throw Failure("bad literal code") }
                    symbol = 144 + code - 0x190
                }
            }
            if symbol < 256 {
                out.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let l = symbol - 257
                guard l < 29 else { throw Failure("bad length symbol") }
                let length = lengthBase[l] + (try r.bits(lengthExtra[l]))
                let d = try r.msbFirst(5)
                guard d < 30 else { throw Failure("bad distance symbol") }
                let distance = distBase[d] + (try r.bits(distExtra[d]))
                guard distance <= out.count else { throw Failure("distance too far") }
                for _ in 0..<length { out.append(out[out.count - distance]) }
            }
        }
    }

    static func unfilter(_ data: [UInt8], width: Int, height: Int) throws -> [UInt8] {
        let rowBytes = width * 3
        guard data.count == height * (rowBytes + 1) else { throw Failure("scanline size") }
        var out = [UInt8](repeating: 0, count: height * rowBytes)
        for y in 0..<height {
            let filter = data[y * (rowBytes + 1)]
            for i in 0..<rowBytes {
                let x = data[y * (rowBytes + 1) + 1 + i]
                let a = i >= 3 ? Int(out[y * rowBytes + i - 3]) : 0
                let b = y > 0 ? Int(out[(y - 1) * rowBytes + i]) : 0
                let c = i >= 3 && y > 0 ? Int(out[(y - 1) * rowBytes + i - 3]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c
                    let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
                    predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw Failure("filter type \(filter)")
                }
                out[y * rowBytes + i] = UInt8((Int(x) + predictor) & 0xFF)
            }
        }
        return out
    }

    struct BitReader {
        let bytes: [UInt8]
        var position = 0  // in bits

        /// `n` bits, least significant first.
        mutating func bits(_ n: Int) throws -> Int {
            var value = 0
            for k in 0..<n {
                guard position / 8 < bytes.count else { throw Failure("out of data") }
                value |= Int((bytes[position / 8] >> (position % 8)) & 1) << k
                position += 1
            }
            return value
        }

        /// `n` bits, most significant first (Huffman codes).
        mutating func msbFirst(_ n: Int) throws -> Int {
            var value = 0
            for _ in 0..<n { value = value << 1 | (try bits(1)) }
            return value
        }

        mutating func alignToByte() { position = (position + 7) / 8 * 8 }
    }
}
