/// This newsdrop's version, as `newsdrop --version`, the Debian package and the build-info metric
/// give it.
public enum NewsdropVersion {
    public static let current = "0.9.0"
}
