/// The posts of a question-and-answer page or a forum thread, as schema.org's JSON-LD gives them
/// (`QAPage` with its `Question` and answers, `DiscussionForumPosting` with its comments): the
/// thread's text when the page's markup holds none (the posts are drawn by script).
enum SchemaOrgDiscussion {
    static let threadTypes: Set<String> = ["question", "discussionforumposting"]

    /// The texts of the first thread in a JSON-LD value, the opening post first, then its answers
    /// or comments in order; empty when there is none.
    static func posts(in value: JSONValue) -> [String] {
        switch value {
        case .array(let items):
            return items.lazy.map(posts).first { !$0.isEmpty } ?? []
        case .object(let object):
            if isThread(object) { return posts(of: object) }
            for key in ["mainEntity", "@graph"] {
                if let inner = object[key] {
                    let found = posts(in: inner)
                    if !found.isEmpty { return found }
                }
            }
            return []
        default:
            return []
        }
    }

    private static func isThread(_ object: [String: JSONValue]) -> Bool {
        switch object["@type"] {
        case .string(let type)?: threadTypes.contains(type.lowercased())
        case .array(let items)?: items.contains { $0.string.map { threadTypes.contains($0.lowercased()) } ?? false }
        default: false
        }
    }

    private static func posts(of thread: [String: JSONValue]) -> [String] {
        var texts = [text(of: thread)].compactMap { $0 }
        for key in ["acceptedAnswer", "suggestedAnswer", "comment"] {
            switch thread[key] {
            case .object(let reply)?: texts += [text(of: reply)].compactMap { $0 }
            case .array(let replies)?: texts += replies.compactMap { $0.object.flatMap(text(of:)) }
            default: break
            }
        }
        return texts
    }

    private static func text(of post: [String: JSONValue]) -> String? {
        SchemaOrgArticle.text(post["text"]) ?? SchemaOrgArticle.text(post["articleBody"])
    }
}
