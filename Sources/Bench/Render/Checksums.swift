extension Render {
    /// The CRC-32 of PNG chunks (ISO 3309 / ITU-T V.42, reflected polynomial 0xEDB88320).
    public enum CRC32 {
        private static let table: [UInt32] = (0..<256).map { n in
            var c = UInt32(n)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            return c
        }

        /// The checksum of `bytes`, continuing from `crc` (the checksum of the bytes before).
        public static func checksum<C: Collection<UInt8>>(_ bytes: C, continuing crc: UInt32 = 0) -> UInt32 {
            var c = ~crc
            for byte in bytes { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
            return ~c
        }
    }

    /// The Adler-32 checksum that ends a zlib stream (RFC 1950).
    public enum Adler32 {
        /// The checksum of `bytes`.
        public static func checksum(_ bytes: [UInt8]) -> UInt32 {
            let modulus: UInt32 = 65521
            var a: UInt32 = 1, b: UInt32 = 0
            var start = 0
            while start < bytes.count {
                // 5552 bytes is the longest run before b can overflow 32 bits.
                let end = min(start + 5552, bytes.count)
                for i in start..<end {
                    a += UInt32(bytes[i])
                    b += a
                }
                a %= modulus
                b %= modulus
                start = end
            }
            return b << 16 | a
        }
    }
}
