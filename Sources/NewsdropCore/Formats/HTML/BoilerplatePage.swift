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
        var current = element
        while let node = current {
            if isWall(node) { return true }
            current = node.parent
        }
        return false
    }

    /// A cookie or consent banner, a login or registration prompt, a dialog, or a form that asks
    /// for a password. The page's `<html>`, `<body>`, `<main>` and `<article>` are never walls:
    /// their classes name the page's state (`cookies-not-set`).
    static func isWall(_ element: MarkupNode) -> Bool {
        if element.isNamed("body") || element.isNamed("html") || element.isNamed("main") || element.isNamed("article") {
            return false
        }
        if element.isNamed("dialog") { return true }
        if element.isMarked(by: wallNames, in: ["class", "id"]) { return true }
        if element.isMarked(by: ["dialog"], in: ["role"]) { return true }
        return element.isNamed("form") && containsPasswordField(element)
    }

    /// Whether a short page's document title or first headline names a server error (`404 Not
    /// Found`, `Fehler 404`, `Page not found`).
    static func isErrorPage(titles: [String], blocks: [TextBlock]) -> Bool {
        let namesError = titles.contains { title in
            let lowered = title.lowercased()
            if notFoundPhrases.contains(where: lowered.contains) { return true }
            let hasStatus = lowered.split { !$0.isNumber }.contains { $0.count == 3 && (400...599).contains(Int($0) ?? 0) }
            return hasStatus && errorWords.contains(where: lowered.contains)
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

    static let wallNames: [StaticString] = [
        "cookie", "consent", "gdpr", "login", "log-in", "signin", "sign-in", "regwall", "registration-wall",
    ]

    /// Words that, beside a status code from 400 to 599, make a title an error's.
    static let errorWords = [
        "error", "not found", "forbidden", "unavailable", "fehler", "nicht gefunden", "erreur", "introuvable", "errore",
        "non trovat", "no encontrad", "niet gevonden",
    ]

    /// Titles that name a missing page without a status code.
    static let notFoundPhrases = [
        "page not found", "seite nicht gefunden", "page introuvable", "página no encontrada", "pagina non trovata",
        "pagina niet gevonden", "that page can't be found", "that page can’t be found",
    ]
}
