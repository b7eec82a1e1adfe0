import Foundation
import Testing
@testable import SafeTensors

/// Headers that different readers would read differently, or whose numbers are not integers:
/// refused with a message that names the tensor and what is wrong (issue 18).
@Suite struct StrictHeaderTests {
    static func image(_ header: String, data: [UInt8] = []) -> [UInt8] {
        SafeTensorsValidationTests.image(header, data: data)
    }

    @Test func refusesATensorNameGivenTwice() {
        let header = #"{"x":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"x":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}"#
        #expect(throws: SafeTensorsError.repeatedName("x")) { try SafeTensorsFile(bytes: Self.image(header, data: [1, 2])) }
    }

    @Test func refusesAFieldGivenTwiceInsideAnEntry() throws {
        let header = #"{"x":{"dtype":"U8","shape":[1],"shape":[2],"data_offsets":[0,1]}}"#
        let error = try #require(throws: SafeTensorsError.self) { try SafeTensorsFile(bytes: Self.image(header, data: [1])) }
        #expect("\(error)".contains("key \"shape\" appears twice"), "\(error)")
    }

    @Test func refusesFloatShapes() throws {
        let header = #"{"x":{"dtype":"F32","shape":[1.0,2.0],"data_offsets":[0,8]}}"#
        let error = try #require(throws: SafeTensorsError.self) { try SafeTensorsFile(bytes: Self.image(header, data: [UInt8](repeating: 0, count: 8))) }
        #expect(error == .badEntry(name: "x", reason: "'shape' must be a list of non-negative integers; found the number 1.0"))
    }

    @Test func namesOffsetsBeyondIntAndStringOffsetsPrecisely() throws {
        let big = #"{"x":{"dtype":"U8","shape":[1],"data_offsets":[0,9223372036854775808]}}"#
        let e1 = try #require(throws: SafeTensorsError.self) { try SafeTensorsFile(bytes: Self.image(big, data: [0])) }
        #expect("\(e1)" == "tensor 'x': 'data_offsets' must be [begin, end], two integers with 0 <= begin <= end; 9223372036854775808 is larger than 9223372036854775807")
        let text = #"{"x":{"dtype":"U8","shape":[1],"data_offsets":["0","1"]}}"#
        let e2 = try #require(throws: SafeTensorsError.self) { try SafeTensorsFile(bytes: Self.image(text, data: [0])) }
        #expect("\(e2)" == "tensor 'x': 'data_offsets' must be [begin, end], two integers with 0 <= begin <= end; found a string \"0\"")
        let negative = #"{"x":{"dtype":"U8","shape":[-1],"data_offsets":[0,1]}}"#
        let e3 = try #require(throws: SafeTensorsError.self) { try SafeTensorsFile(bytes: Self.image(negative, data: [0])) }
        #expect("\(e3)".contains("found the number -1"), "\(e3)")
    }

    @Test func strictJSONRejectsWhatRFC8259Rejects() throws {
        for bad in ["{\"a\":1,}", "[1 2]", "{\"a\" 1}", "01", "1.", "\"\\x\"", "\"\\ud800\"", "{}{}", "nul", "\"a\u{01}\"", "[" + String(repeating: "[", count: 100)] {
            #expect(throws: StrictJSONError.self, "\(bad)") { try StrictJSON.parse(Array(bad.utf8)) }
        }
        #expect(throws: StrictJSONError.self) { try StrictJSON.parse([0x22, 0xFF, 0x22]) }
        #expect(try StrictJSON.parse(Array(#" {"a": [1, -2.5e3, "\u00e9\ud83d\ude00", true, null]} "#.utf8))
            == .object([("a", .array([.number("1"), .number("-2.5e3"), .string("é😀"), .bool(true), .null]))]))
        #expect(JSONValue.number("256").integer == 256)
        #expect(JSONValue.number("256.0").integer == nil)
        #expect(JSONValue.number("9223372036854775808").integer == nil)
    }
}
