/// Churn and downgrade warnings, and the key moments of each customer.
///
/// It owns the risk features (usage and bill trends, complaints, contract end, handset age,
/// quota overflows, voice silence, tenure, and the share of the customer's contacts who
/// already left, from the call graph), the logistic model that scores them with per-customer
/// reasons, its measurement on held-out months (AUC, top-decile lift, calibration), the model
/// file kept in the workspace, and the detection of key moments with their playbook action.
/// It reads the customer ledger and the interaction records through `PanoramaStore`.
enum PanoramaRisk {}
