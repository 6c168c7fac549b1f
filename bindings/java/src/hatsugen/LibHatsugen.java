package hatsugen;

import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.ByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The JNA mapping of the part of include/hatsugen.h this binding uses. Strings come back as
 * {@link Pointer} and are decoded as UTF-8 here, whatever the JVM's default charset.
 */
interface LibHatsugen extends Library {
    /** C {@code size_t}. */
    final class SizeT extends IntegerType {
        private static final long serialVersionUID = 1L;

        public SizeT() {
            this(0);
        }

        public SizeT(long value) {
            super(Native.SIZE_T_SIZE, value, true);
        }
    }

    /** C {@code size_t *}. */
    final class SizeTByReference extends ByReference {
        public SizeTByReference() {
            super(Native.SIZE_T_SIZE);
            getPointer().setLong(0, 0);
        }

        public long getValue() {
            return Native.SIZE_T_SIZE == 8 ? getPointer().getLong(0) : getPointer().getInt(0) & 0xffffffffL;
        }
    }

    Pointer hatsugen_version();

    Pointer hatsugen_status_str(int status);

    int hatsugen_error_status(Pointer error);

    Pointer hatsugen_error_message(Pointer error);

    SizeT hatsugen_error_line(Pointer error);

    SizeT hatsugen_error_column(Pointer error);

    Pointer hatsugen_error_key_path(Pointer error);

    void hatsugen_error_free(Pointer error);

    int hatsugen_checker_new_default(PointerByReference checkerOut);

    int hatsugen_checker_new_builtin(byte[] name, SizeT nameLen, PointerByReference checkerOut, PointerByReference errorOut);

    int hatsugen_checker_new_from_toml(byte[] toml, SizeT tomlLen, PointerByReference checkerOut, PointerByReference errorOut);

    SizeT hatsugen_checker_max_text_bytes(Pointer checker);

    Pointer hatsugen_checker_policy_id(Pointer checker);

    Pointer hatsugen_checker_policy_version(Pointer checker);

    void hatsugen_checker_free(Pointer checker);

    int hatsugen_check_json(Pointer checker, byte[] text, SizeT textLen, byte[] contextJson, SizeT contextJsonLen,
            PointerByReference reportJsonOut, SizeTByReference reportJsonLenOut, PointerByReference errorOut);

    void hatsugen_string_free(Pointer s);
}
