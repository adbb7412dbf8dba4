/// Another process holds the state folder's lock.
public struct StateInUse: Error, CustomStringConvertible {
    public let state: String

    public init(state: String) {
        self.state = state
    }

    public var description: String {
        "another newsdrop process is using the state folder \(state); stop it first (or give this one its own --state)"
    }
}
