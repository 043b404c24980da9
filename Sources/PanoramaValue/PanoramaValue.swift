/// Value, adoption and lifecycle of every customer, from the customer ledger.
///
/// It owns the rules that turn bills, usage and products into a value tier and ARPU band
/// (`ValueAssessor`, with thresholds from the workspace's `ValueSettings`), an adoption
/// segment, a lifecycle stage with the reason for a decline, and the advice that goes
/// with them (`RetentionPlaybook`). It reads a `CustomerLedger` that the store loads and
/// writes nothing; the commands and pages show what it returns.
enum PanoramaValue {}
