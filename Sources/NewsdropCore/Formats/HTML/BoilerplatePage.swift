/// Pages that show no article, only page furniture: a cookie, consent or login wall over an
/// otherwise empty page, or a server's error page. `HTMLReader` rejects them as `no_text`, saying
/// what the page showed, rather than archiving the wall's text as an article.
enum BoilerplatePage {
    /// A wall is short; a longer text inside elements named so is more likely a wrapper around an
    /// article that happens to carry such a class.
    static let wallWordLimit = 300
    /// An error page says little besides the error.
    static let errorWordLimit = 100

    /// Whether the page's readable blocks all lie inside walls (`isWall(_:)`) and are few words.
    static func isWall(_ readable: some Sequence<MarkupText.Block>) -> Bool {
        var any = false
        for block in readable {
            guard isInWall(block.element) else { return false }
            any = true
        }
        return any && wordCount(readable.lazy.map(\.text)) <= wallWordLimit
    }

    private static func isInWall(_ element: MarkupNode?) -> Bool {
        element?.isOrHasAncestor(where: isWall) ?? false
    }

    /// A cookie or consent banner, a login or registration prompt, a dialog, or a form that asks
    /// for a password. An element that holds the page's structure (`main`, `article`, `header`,
    /// `nav`, `footer`), and the page's `<html>` and `<body>`, is never a wall: it wraps the page,
    /// and its classes name the page's state (`cookies-not-set`, `login-modal-open`).
    static func isWall(_ element: MarkupNode) -> Bool {
        guard !element.isNamed("body"), !element.isNamed("html") else { return false }
        let named =
            element.isNamed("dialog") || element.isMarked(by: ["dialog"], in: ["role"])
            || (["class", "id"] as [StaticString]).contains { namesWall(element.attribute($0)) }
            || (element.isNamed("form") && containsPasswordField(element))
        return named && !holdsPageStructure(element)
    }

    /// Whether a class or id value has a word that starts like a wall's name (`cookieConsent`,
    /// `login-form`; not `bloginfo`).
    private static func namesWall(_ value: String?) -> Bool {
        guard let value else { return false }
        return value.lowercased().split { !$0.isLetter && !$0.isNumber }.contains { word in
            wallNames.contains { word.hasPrefix($0) }
        }
    }

    private static func holdsPageStructure(_ element: MarkupNode) -> Bool {
        element.firstElement(visitingAtMost: 5_000) { pageStructure.contains($0.name) ? true : nil } ?? false
    }

    private static let pageStructure: Set<String> = ["main", "article", "header", "nav", "footer"]

    /// Whether a short page's document title or first headline names a server error: a status
    /// code next to an error word (`404 Not Found`, `Fehler 404`), or a missing page (`Page not
    /// found`).
    static func isErrorPage(titles: [String], blocks: [TextBlock]) -> Bool {
        let namesError = titles.contains { title in
            let lowered = title.lowercased()
            if notFoundPhrases.contains(where: lowered.contains) { return true }
            let words = lowered.split { !$0.isLetter && !$0.isNumber }
            return words.indices.contains { index in
                guard words[index].count == 3, let status = Int(words[index]), (400...599).contains(status) else { return false }
                return [index - 1, index + 1].contains { words.indices.contains($0) && errorWords.contains(String(words[$0])) }
            }
        }
        return namesError && wordCount(blocks.lazy.map(\.text)) <= errorWordLimit
    }

    private static func containsPasswordField(_ node: MarkupNode) -> Bool {
        for child in node.children where child.isElement {
            if child.isNamed("input"), child.attribute("type")?.lowercased() == "password" { return true }
            if containsPasswordField(child) { return true }
        }
        return false
    }

    private static func wordCount(_ texts: some Sequence<String>) -> Int {
        texts.reduce(0) { $0 + $1.split(whereSeparator: \.isWhitespace).count }
    }

    /// How the words of a wall's class or id start.
    static let wallNames = ["cookie", "consent", "gdpr", "login", "signin", "regwall"]

    /// Words that, next to a status code from 400 to 599, make a title an error's (`404 Not Found`,
    /// `Error 404`, `Fehler 404`, `503 Service Unavailable`); a brief on "500 cars" recalled over a
    /// software error is not one.
    static let errorWords: Set<String> = [
        "error", "not", "forbidden", "service", "internal", "http", "fehler", "nicht", "erreur", "introuvable", "errore",
        "non", "no", "niet",
    ]

    /// Titles that name a missing page without a status code.
    static let notFoundPhrases = [
        "page not found", "seite nicht gefunden", "page introuvable", "página no encontrada", "pagina non trovata",
        "pagina niet gevonden", "that page can't be found", "that page can’t be found",
    ]
}
