/// The JSON Lines form of a record, as `schema/record.schema.json` describes it.
extension ArticleRecord {
    /// The record as one line of compact JSON, without the terminating newline. The keys come in
    /// the order of ``Key`` and its nested key lists, the one place that order is written.
    public func jsonBytes() -> [UInt8] {
        var json = JSONWriter(reservingCapacity: text.utf8.count * 2 + 1024)
        json.beginObject()
        for key in Key.allCases {
            json.key(key.rawValue)
            switch key {
            case .schemaVersion: json.int(Self.schemaVersion)
            case .id: json.string(id.description)
            case .simhash: json.string(Self.hex16(simhash))
            case .nearDuplicateOf: json.string(nearDuplicateOf?.description)
            case .similarity:
                if let similarity { json.value(.number((similarity * 10_000).rounded() / 10_000)) } else { json.null() }
            case .title: json.string(title)
            case .authors:
                json.beginArray()
                for author in authors { json.string(author) }
                json.endArray()
            case .datePublished: json.string(datePublished?.description)
            case .datePublishedRaw: json.string(datePublishedRaw)
            case .language: json.string(language)
            case .url: json.string(url)
            case .sourceName: json.string(sourceName)
            case .text: json.string(text)
            case .blocks:
                json.beginArray()
                for block in blocks {
                    json.beginObject()
                    for key in BlockKey.allCases {
                        json.key(key.rawValue)
                        switch key {
                        case .kind: json.string(block.kind.rawValue)
                        case .text: json.string(block.text)
                        }
                    }
                    json.endObject()
                }
                json.endArray()
            case .wordCount: json.int(wordCount)
            case .inputFormat: json.string(inputFormat.rawValue)
            case .sourceFile:
                json.beginObject()
                for key in SourceFileKey.allCases {
                    json.key(key.rawValue)
                    switch key {
                    case .name: json.string(sourceFile.name)
                    case .sha256: json.string(sourceFile.sha256)
                    case .sizeBytes: json.int(sourceFile.sizeBytes)
                    case .mtime: json.string(CivilCalendar.rfc3339UTC(sourceFile.modified))
                    case .item: if let item = sourceFile.item { json.int(item) } else { json.null() }
                    }
                }
                json.endObject()
            case .dateIngested: json.string(CivilCalendar.rfc3339UTC(dateIngested))
            case .parse:
                json.beginObject()
                for key in ParseKey.allCases {
                    json.key(key.rawValue)
                    switch key {
                    case .warnings:
                        json.beginArray()
                        for warning in warnings { json.string(warning) }
                        json.endArray()
                    }
                }
                json.endObject()
            case .extra: json.value(.object(extra))
            }
        }
        json.endObject()
        return json.bytes
    }

    /// 16 lowercase hex digits.
    public static func hex16(_ value: UInt64) -> String {
        withUnsafeBytes(of: value.bigEndian) { HexDigits.encode($0) }
    }

    /// The record as one line of JSON text, without the terminating newline.
    public func jsonLine() -> String {
        String(decoding: jsonBytes(), as: UTF8.self)
    }
}
