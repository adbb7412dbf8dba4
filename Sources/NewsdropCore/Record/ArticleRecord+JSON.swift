/// The JSON Lines form of a record, as `schema/record.schema.json` describes it.
extension ArticleRecord {
    /// The record as one line of compact JSON, without the terminating newline.
    public func jsonBytes() -> [UInt8] {
        var json = JSONWriter(reservingCapacity: text.utf8.count * 2 + 1024)
        json.beginObject()
        json.key("schema_version"); json.int(Self.schemaVersion)
        json.key("id"); json.string(id.description)
        json.key("simhash"); json.string(Self.hex16(simhash))
        json.key("near_duplicate_of"); json.string(nearDuplicateOf?.description)
        json.key("similarity")
        if let similarity { json.value(.number((similarity * 10_000).rounded() / 10_000)) } else { json.null() }
        json.key("title"); json.string(title)
        json.key("authors"); json.beginArray(); authors.forEach { json.string($0) }; json.endArray()
        json.key("date_published"); json.string(datePublished?.description)
        json.key("date_published_raw"); json.string(datePublishedRaw)
        json.key("language"); json.string(language)
        json.key("url"); json.string(url)
        json.key("source_name"); json.string(sourceName)
        json.key("text"); json.string(text)
        json.key("blocks")
        json.beginArray()
        for block in blocks {
            json.beginObject()
            json.key("kind"); json.string(block.kind.rawValue)
            json.key("text"); json.string(block.text)
            json.endObject()
        }
        json.endArray()
        json.key("word_count"); json.int(wordCount)
        json.key("input_format"); json.string(inputFormat.rawValue)
        json.key("source_file")
        json.beginObject()
        json.key("name"); json.string(sourceFile.name)
        json.key("sha256"); json.string(sourceFile.sha256)
        json.key("size_bytes"); json.int(sourceFile.sizeBytes)
        json.key("mtime"); json.string(CivilCalendar.rfc3339UTC(sourceFile.modified))
        json.key("item"); if let item = sourceFile.item { json.int(item) } else { json.null() }
        json.endObject()
        json.key("date_ingested"); json.string(CivilCalendar.rfc3339UTC(dateIngested))
        json.key("parse")
        json.beginObject()
        json.key("warnings"); json.beginArray(); warnings.forEach { json.string($0) }; json.endArray()
        json.endObject()
        json.key("extra"); json.value(.object(extra))
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
