package hatsugen;

/** A call into libhatsugen failed: the status code, the message and, for policies and context JSON, where. */
public class HatsugenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Status codes of include/hatsugen.h. */
    public static final int NULL_ARGUMENT = 1;
    public static final int INVALID_ARGUMENT = 2;
    public static final int INVALID_UTF8 = 3;
    public static final int TEXT_TOO_LARGE = 4;
    public static final int INVALID_CONTEXT = 5;
    public static final int POLICY_SYNTAX = 6;
    public static final int POLICY_INVALID = 7;
    public static final int UNKNOWN_BUILTIN = 8;
    public static final int POLICY_TOO_LARGE = 9;
    public static final int POLICY_ERROR = 10;

    private final int status;
    private final String statusName;
    private final String detail;
    private final long line;
    private final long column;
    private final String keyPath;

    HatsugenException(int status, String statusName, String detail, long line, long column, String keyPath) {
        super(statusName + (line > 0 ? " at line " + line + ", column " + column : "") + ": " + detail);
        this.status = status;
        this.statusName = statusName;
        this.detail = detail;
        this.line = line;
        this.column = column;
        this.keyPath = keyPath;
    }

    /** The C status code ({@link #POLICY_SYNTAX}, ...). */
    public int status() {
        return status;
    }

    /** The status in words ("policy syntax error"). */
    public String statusName() {
        return statusName;
    }

    /** What is wrong, without the position. */
    public String detail() {
        return detail;
    }

    /** 1-based line in the policy TOML or context JSON; 0 if none. */
    public long line() {
        return line;
    }

    /** 1-based column; 0 if none. */
    public long column() {
        return column;
    }

    /** For policy errors, the dotted key (e.g. {@code remove_terms}), or null. */
    public String keyPath() {
        return keyPath;
    }

    /** True for a bad policy (syntax, invalid, unknown built-in, too large). */
    public boolean isPolicyError() {
        return status >= POLICY_SYNTAX && status <= POLICY_ERROR;
    }
}
