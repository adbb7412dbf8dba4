public import NewsdropArchive
public import NewsdropCore

/// The dedup stage in front of a ``PostgresArchive``: it keeps the ids in flight on this instance,
/// so that two copies in one batch are told apart at once; the table decides everything else at
/// commit, under its lock, where it sees what every instance committed.
public actor PostgresDedupIndex: DedupIndex {
    let archive: PostgresArchive
    /// Ids claimed by records not yet committed or released.
    var inFlight: Set<ArticleID> = []

    public init(archive: PostgresArchive) {
        self.archive = archive
    }

    public func claim(_ record: ArticleRecord) -> DedupVerdict {
        guard inFlight.insert(record.id).inserted else { return .duplicate(of: record.id) }
        return .new
    }

    public func release(_ ids: [ArticleID]) {
        inFlight.subtract(ids)
    }

    public func committed(_ placed: [ArticleID: UInt64], archiveLength: UInt64) {
        inFlight.subtract(placed.keys)
    }

    /// The table is the state: there is nothing to checkpoint.
    public func checkpoint() {}

    /// The articles in the table, as of the archive's last batch (or its start-up load).
    public func count() async -> Int {
        await archive.rowCount()
    }
}
