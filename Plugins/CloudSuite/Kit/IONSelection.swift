import MLCCore

/// Which rows one request asks for: the incremental window (tenant-time bounds), or records by key.
public enum IONSelection {
    case changed(since: Timestamp?, until: Timestamp?)
    /// Key values in the order of the entity's key fields.
    case keys([[String]])
}
