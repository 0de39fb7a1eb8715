import CYaml

/// Refuses YAML whose aliases stand for too many values, before Yams composes it. An alias costs one
/// event to parse but stands for its whole anchored node, so a few lines of aliases of aliases
/// ("billion laughs") stand for billions of values. Yams shares them while composing but hashes an alias
/// used as a key in full, and whatever reads the document (template values, digests) visits every one.
///
/// libyaml's events are read once, each node's size kept by anchor, so the count costs as much as the
/// parse and never expands anything. Yams has no event API of its own, hence libyaml (which Yams vendors).
enum YAMLAliasBound {
    /// Values that aliases may add to a document. Real files repeat a few blocks; a bomb is past this in a
    /// few lines, while reading this many values still takes milliseconds.
    package static let limit = 100_000

    /// Where (line and column, from 1) the aliases read so far first stand for more than `limit` values;
    /// nil when they never do. Syntax errors end the count: Yams reports them.
    static func firstExcess(in yaml: String) -> (line: Int, column: Int)? {
        // An alias needs an anchor (`&a`) and a reference (`*a`): most YAML has neither character.
        guard yaml.utf8.contains(UInt8(ascii: "*")), yaml.utf8.contains(UInt8(ascii: "&")) else { return nil }
        var text = yaml
        return text.withUTF8 { bytes in
            let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)  // libyaml keeps a pointer to it
            defer { parser.deallocate() }
            guard yaml_parser_initialize(parser) == 1 else { return nil }
            defer { yaml_parser_delete(parser) }
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)

            var count = NodeCount()
            var event = yaml_event_t()
            while yaml_parser_parse(parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_SCALAR_EVENT:
                    count.add(1, anchor: event.data.scalar.anchor)
                case YAML_SEQUENCE_START_EVENT:
                    count.open(anchor: event.data.sequence_start.anchor)
                case YAML_MAPPING_START_EVENT:
                    count.open(anchor: event.data.mapping_start.anchor)
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    count.close()
                case YAML_ALIAS_EVENT:
                    count.addAlias(event.data.alias.anchor)
                    if count.addedByAliases > limit {
                        return (Int(event.start_mark.line) + 1, Int(event.start_mark.column) + 1)
                    }
                case YAML_STREAM_END_EVENT:
                    return nil
                default:
                    break
                }
            }
            return nil
        }
    }

    /// Sizes as the events arrive: each open collection's count so far, and each anchor's size once closed.
    private struct NodeCount {
        private var open: [(size: Int, anchor: String?)] = []
        private var anchorSizes: [String: Int] = [:]
        private(set) var addedByAliases = 0

        mutating func open(anchor: UnsafeMutablePointer<yaml_char_t>?) {
            open.append((1, anchor.map { String(cString: $0) }))
        }

        mutating func close() {
            guard let closed = open.popLast() else { return }
            add(closed.size, anchorName: closed.anchor)
        }

        mutating func add(_ size: Int, anchor: UnsafeMutablePointer<yaml_char_t>?) {
            add(size, anchorName: anchor.map { String(cString: $0) })
        }

        /// An alias to an anchor not (yet) defined adds nothing: Yams reports it.
        mutating func addAlias(_ anchor: UnsafeMutablePointer<yaml_char_t>?) {
            let size = anchor.flatMap { anchorSizes[String(cString: $0)] } ?? 0
            addedByAliases += size
            add(size, anchorName: nil)
        }

        private mutating func add(_ size: Int, anchorName anchor: String?) {
            if let anchor { anchorSizes[anchor] = size }
            if !open.isEmpty { open[open.count - 1].size += size }
        }
    }
}
