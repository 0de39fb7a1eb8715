import PigmentModel

/// A record as the API answers it (`JSONResponse.recordObject`, encoded by `JSONText`), written
/// field by field in the same sorted key order: every 201 sends one, and building a `[String: Any]`
/// only to cast each value back cost more than the rest of the answer.
enum RecordJSON {
    static func encode(_ record: ConsentRecord) -> String {
        var text = "{\"choices\":"
        text.reserveCapacity(320)
        JSONText.write(record.choices, into: &text)
        text += ",\"consentId\":"
        JSONText.writeString(record.consentID, into: &text)
        text += ",\"event\":"
        JSONText.writeString(record.event.rawValue, into: &text)
        text += record.gpc ? ",\"gpc\":true,\"method\":" : ",\"gpc\":false,\"method\":"
        JSONText.writeString(record.method.rawValue, into: &text)
        if let page = record.pagePath {
            text += ",\"page\":"
            JSONText.writeString(page, into: &text)
        }
        if let policy = record.policyVersion {
            text += ",\"policyVersion\":"
            JSONText.writeString(policy, into: &text)
        }
        text += ",\"recordedAt\":"
        JSONText.writeString(LogTimestamp.text(record.recordedAt), into: &text)
        text += ",\"registryVersion\":"
        JSONText.writeString(record.registryVersion, into: &text)
        text += ",\"source\":"
        JSONText.writeString(record.source.rawValue, into: &text)
        text += "}"
        return text
    }
}
