extension Render {
    /// A small zlib compressor (RFC 1950/1951): greedy LZ77 with hash chains over a 32 KiB window,
    /// coded with the fixed Huffman tables; falls back to stored blocks when that is smaller.
    public enum Zlib {
        /// The zlib stream (header, deflate data, Adler-32) of `data`.
        public static func compress(_ data: [UInt8]) -> [UInt8] {
            let huffman = fixedHuffman(data)
            let body = huffman.count <= storedSize(data.count) ? huffman : stored(data)
            var out: [UInt8] = [0x78, 0x01]  // deflate, 32 KiB window, no dictionary
            out.reserveCapacity(body.count + 6)
            out += body
            let adler = Adler32.checksum(data)
            out += [UInt8(adler >> 24), UInt8((adler >> 16) & 0xFF), UInt8((adler >> 8) & 0xFF), UInt8(adler & 0xFF)]
            return out
        }

        private static let maxStoredBlock = 65535

        private static func storedSize(_ n: Int) -> Int { n + 5 * max(1, (n + maxStoredBlock - 1) / maxStoredBlock) }

        /// Deflate data as stored (uncompressed) blocks.
        static func stored(_ data: [UInt8]) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(storedSize(data.count))
            var start = 0
            repeat {
                let end = min(start + maxStoredBlock, data.count)
                let length = UInt16(end - start)
                out.append(end == data.count ? 1 : 0)  // BFINAL, BTYPE = 00, padded to a byte
                out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
                out += data[start..<end]
                start = end
            } while start < data.count
            return out
        }

        // MARK: Fixed-Huffman block

        private static let minMatch = 3
        private static let maxMatch = 258
        private static let window = 32768
        private static let hashBits = 15
        private static let maxChain = 32

        private static let lengthBase: [Int] = [
            3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
            131, 163, 195, 227, 258,
        ]
        private static let lengthExtra: [Int] = [
            0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
        ]
        private static let distanceBase: [Int] = [
            1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
            2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
        ]
        private static let distanceExtra: [Int] = [
            0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
        ]

        /// The fixed literal/length code of each symbol 0...287 (RFC 1951 §3.2.6), bit-reversed
        /// so it can be written least significant bit first, with its length.
        private static let literalCodes: [(code: UInt32, bits: Int)] = (0..<288).map { symbol in
            let (code, bits) =
                switch symbol {
                case 0..<144: (0x30 + symbol, 8)
                case 144..<256: (0x190 + symbol - 144, 9)
                case 256..<280: (symbol - 256, 7)
                default: (0xC0 + symbol - 280, 8)
                }
            return (reversed(UInt32(code), bits: bits), bits)
        }

        private static func reversed(_ code: UInt32, bits: Int) -> UInt32 {
            var r: UInt32 = 0
            for i in 0..<bits where code & (1 << i) != 0 { r |= 1 << (bits - 1 - i) }
            return r
        }

        /// Index of the largest base not above `value`.
        private static func code(for value: Int, bases: [Int]) -> Int {
            var lo = 0, hi = bases.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if bases[mid] <= value { lo = mid } else { hi = mid - 1 }
            }
            return lo
        }

        /// One final deflate block with fixed Huffman codes.
        static func fixedHuffman(_ data: [UInt8]) -> [UInt8] {
            var bits = BitWriter(capacity: data.count + data.count / 8 + 16)
            bits.write(1, count: 1)  // BFINAL
            bits.write(1, count: 2)  // BTYPE = 01
            func literal(_ symbol: Int) {
                let c = literalCodes[symbol]
                bits.write(c.code, count: c.bits)
            }
            let n = data.count
            var head = [Int32](repeating: -1, count: 1 << hashBits)
            var previous = [Int32](repeating: -1, count: window)
            data.withUnsafeBufferPointer { bytes in
                func hash(_ i: Int) -> Int {
                    (Int(bytes[i]) << 10 ^ Int(bytes[i + 1]) << 5 ^ Int(bytes[i + 2])) & ((1 << hashBits) - 1)
                }
                func insert(_ i: Int) {
                    guard i + minMatch <= n else { return }
                    let h = hash(i)
                    previous[i & (window - 1)] = head[h]
                    head[h] = Int32(i)
                }
                var pos = 0
                while pos < n {
                    var bestLength = 0, bestDistance = 0
                    if pos + minMatch <= n {
                        let limit = min(maxMatch, n - pos)
                        var candidate = Int(head[hash(pos)])
                        var chain = maxChain
                        while candidate >= 0, pos - candidate <= window, chain > 0 {
                            var length = 0
                            while length < limit, bytes[candidate + length] == bytes[pos + length] { length += 1 }
                            if length > bestLength {
                                bestLength = length
                                bestDistance = pos - candidate
                                if length == limit { break }
                            }
                            let next = Int(previous[candidate & (window - 1)])
                            if next >= candidate { break }  // the slot was reused by a newer position
                            candidate = next
                            chain -= 1
                        }
                    }
                    if bestLength >= minMatch {
                        let lc = code(for: bestLength, bases: lengthBase)
                        literal(257 + lc)
                        bits.write(UInt32(bestLength - lengthBase[lc]), count: lengthExtra[lc])
                        let dc = code(for: bestDistance, bases: distanceBase)
                        bits.write(reversed(UInt32(dc), bits: 5), count: 5)
                        bits.write(UInt32(bestDistance - distanceBase[dc]), count: distanceExtra[dc])
                        for i in pos..<(pos + bestLength) { insert(i) }
                        pos += bestLength
                    } else {
                        literal(Int(bytes[pos]))
                        insert(pos)
                        pos += 1
                    }
                }
            }
            literal(256)  // end of block
            return bits.finish()
        }
    }

    /// Packs bit fields least significant bit first, as deflate streams do.
    struct BitWriter {
        private var bytes: [UInt8] = []
        private var buffer: UInt64 = 0
        private var count = 0

        init(capacity: Int) { bytes.reserveCapacity(capacity) }

        mutating func write(_ value: UInt32, count n: Int) {
            buffer |= UInt64(value) << UInt64(count)
            count += n
            while count >= 8 {
                bytes.append(UInt8(buffer & 0xFF))
                buffer >>= 8
                count -= 8
            }
        }

        /// The bytes written, the last one padded with zero bits.
        mutating func finish() -> [UInt8] {
            if count > 0 { bytes.append(UInt8(buffer & 0xFF)) }
            buffer = 0
            count = 0
            return bytes
        }
    }
}
