/// An error that can be shown to the person running Panorama as it is.
///
/// Every module's error type conforms, so the command line and the server can turn any
/// failure into one sentence the user can act on, without a stack trace.
public protocol UserFacingError: Error, CustomStringConvertible {
    /// One or two sentences: what went wrong and what to do about it.
    var userMessage: String { get }
}

extension UserFacingError {
    public var description: String { userMessage }
}
