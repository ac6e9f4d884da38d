import CloudSuite
import MLCCore

/// The modified-at Mongoose writes into `_ItemId` (`PBT=[t] t.DT=[…] t.ID=[…]`): the cursor's fallback when
/// an item leaves the cursor property out.
enum SyteLineItemID {
    static func instant(_ itemID: String, window: IncrementalWindow) -> Timestamp? {
        guard let start = itemID.range(of: ".DT=["), let end = itemID[start.upperBound...].firstIndex(of: "]") else {
            return nil
        }
        return window.instant(String(itemID[start.upperBound..<end]))
    }
}
