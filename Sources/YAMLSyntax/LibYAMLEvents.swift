import CYAML

/// One event of libyaml's stream, as YAMLSyntax reads it. Positions are
/// libyaml's mark indices: Unicode scalars (characters) from the start of
/// the input after an initial byte order mark, not bytes.
///
/// `value` points into libyaml's own event and is valid only inside the
/// callback that receives the event.
struct LibYAMLEvent {
    enum Kind {
        case streamStart, streamEnd, documentStart, documentEnd
        case alias, scalar, sequenceStart, sequenceEnd, mappingStart, mappingEnd
    }

    var kind: Kind
    var startCharacter: Int
    var endCharacter: Int
    /// The anchor of a node, or the name an alias refers to.
    var anchor: String?
    /// The tag as libyaml resolved it (`!!str` arrives as `tag:yaml.org,2002:str`).
    var tag: String?
    /// A scalar's decoded bytes (UTF-8).
    var value: UnsafeBufferPointer<UInt8>
    var scalarStyle: YAMLNode.Style
    /// Whether a collection is written in flow style (`[...]`, `{...}`).
    var isFlow: Bool
}

/// Why libyaml stopped: its own words and where it was.
struct LibYAMLFailure: Error {
    enum Stage { case reader, scanner, parser, memory }
    var stage: Stage
    /// libyaml's `problem`, e.g. "did not find expected key".
    var problem: String
    /// libyaml's `context`, e.g. "while parsing a block mapping".
    var context: String?
    /// Reader errors (bad UTF-8, control characters) are placed by byte offset.
    var problemByteOffset: Int?
    /// Scanner and parser errors are placed by character index.
    var problemCharacter: Int?
    var contextCharacter: Int?
}

/// The libyaml event loop. Every parser and event is freed on every path.
enum LibYAML {
    /// Runs libyaml's parser over `bytes` to the end of the stream, calling
    /// `body` with each event in order. Returns the failure that stopped it,
    /// or nil when the whole stream parsed.
    static func parse(_ bytes: [UInt8], _ body: (LibYAMLEvent) -> Void) -> LibYAMLFailure? {
        stream(bytes) { event in
            body(event)
            return true
        }
    }

    /// Like `parse(_:_:)`, but stops (returning nil) as soon as `body`
    /// returns false, so a caller can refuse input without letting libyaml
    /// read the rest of it.
    static func stream(_ bytes: [UInt8], _ body: (LibYAMLEvent) -> Bool) -> LibYAMLFailure? {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) != 0 else {
            return LibYAMLFailure(stage: .memory, problem: "libyaml could not allocate a parser")
        }
        defer { yaml_parser_delete(parser) }
        // libyaml asserts on a null input pointer, which an empty array may give.
        let input = bytes.isEmpty ? [0] : bytes
        return input.withUnsafeBufferPointer { buffer -> LibYAMLFailure? in
            guard let base = buffer.baseAddress else {
                return LibYAMLFailure(stage: .memory, problem: "no input buffer")
            }
            yaml_parser_set_input_string(parser, base, bytes.count)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(parser, &event) != 0 else { return failure(parser.pointee) }
                defer { yaml_event_delete(&event) }
                let done = event.type == YAML_STREAM_END_EVENT
                if let converted = convert(event), !body(converted) { return nil }
                if done || event.type == YAML_NO_EVENT { return nil }
            }
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private static func convert(_ event: yaml_event_t) -> LibYAMLEvent? {
        let kind: LibYAMLEvent.Kind
        var anchor: String?
        var tag: String?
        var value = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        var style = YAMLNode.Style.plain
        var isFlow = false
        switch event.type {
        case YAML_STREAM_START_EVENT: kind = .streamStart
        case YAML_STREAM_END_EVENT: kind = .streamEnd
        case YAML_DOCUMENT_START_EVENT: kind = .documentStart
        case YAML_DOCUMENT_END_EVENT: kind = .documentEnd
        case YAML_ALIAS_EVENT:
            kind = .alias
            anchor = string(event.data.alias.anchor)
            style = .alias
        case YAML_SCALAR_EVENT:
            kind = .scalar
            let scalar = event.data.scalar
            anchor = string(scalar.anchor)
            tag = string(scalar.tag)
            value = UnsafeBufferPointer(start: scalar.value, count: scalar.length)
            switch scalar.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
        case YAML_SEQUENCE_START_EVENT:
            kind = .sequenceStart
            anchor = string(event.data.sequence_start.anchor)
            tag = string(event.data.sequence_start.tag)
            isFlow = event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
            style = isFlow ? .flow : .block
        case YAML_SEQUENCE_END_EVENT: kind = .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            kind = .mappingStart
            anchor = string(event.data.mapping_start.anchor)
            tag = string(event.data.mapping_start.tag)
            isFlow = event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
            style = isFlow ? .flow : .block
        case YAML_MAPPING_END_EVENT: kind = .mappingEnd
        default: return nil
        }
        return LibYAMLEvent(
            kind: kind, startCharacter: Int(event.start_mark.index), endCharacter: Int(event.end_mark.index),
            anchor: anchor, tag: tag, value: value, scalarStyle: style, isFlow: isFlow)
    }

    private static func failure(_ parser: yaml_parser_t) -> LibYAMLFailure {
        let problem = parser.problem.map { String(cString: $0) } ?? "libyaml stopped without saying why"
        let context = parser.context.map { String(cString: $0) }
        switch parser.error {
        case YAML_READER_ERROR:
            var words = problem
            // libyaml gives the offending byte or character separately.
            if parser.problem_value != -1 {
                words += " (" + hex(parser.problem_value) + ")"
            }
            return LibYAMLFailure(stage: .reader, problem: words, context: nil, problemByteOffset: Int(parser.problem_offset))
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            return LibYAMLFailure(
                stage: parser.error == YAML_SCANNER_ERROR ? .scanner : .parser, problem: problem, context: context,
                problemCharacter: Int(parser.problem_mark.index),
                contextCharacter: context == nil ? nil : Int(parser.context_mark.index))
        default:
            return LibYAMLFailure(stage: .memory, problem: problem, context: context)
        }
    }

    private static func hex(_ value: Int32) -> String {
        let digits = String(UInt32(bitPattern: value), radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, 2 - digits.count)) + digits
    }
}
