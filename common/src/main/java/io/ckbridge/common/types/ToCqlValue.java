package io.ckbridge.common.types;

import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.data.CqlVector;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.MapType;
import com.datastax.oss.driver.api.core.type.SetType;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.type.VectorType;
import com.datastax.oss.protocol.internal.ProtocolConstants;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns a value from a Kafka record (Connect data: Struct, Map, List, primitives, logical types;
 * or parsed JSON) into the Java type the driver binds for a CQL type. Conversions users expect
 * are accepted (numbers in strings, ISO timestamps, epoch numbers, base64 blobs); anything else
 * is a {@link ValueConversionException} saying what was expected.
 *
 * <p>Numbers for temporal columns: {@code timestamp} takes epoch milliseconds, {@code date} days
 * since the epoch, {@code time} milliseconds since midnight (as Connect's logical types do).
 */
public final class ToCqlValue {
    /**
     * Digits a number may have on either side of the point, written out in full: the size of a
     * varint or decimal, and a bound on the work a conversion does ("1e600000000" is refused at
     * once instead of being expanded into 600 million digits).
     */
    public static final int MAX_DIGITS = 10_000;
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.%a-zA-Z]*");

    private ToCqlValue() {
    }

    public static Object convert(Object value, DataType type) {
        if (value == null) {
            return null;
        }
        try {
            return switch (type.getProtocolCode()) {
                case ProtocolConstants.DataType.ASCII, ProtocolConstants.DataType.VARCHAR -> text(value);
                case ProtocolConstants.DataType.BOOLEAN -> bool(value);
                case ProtocolConstants.DataType.TINYINT -> (byte) integral(value, Byte.MIN_VALUE, Byte.MAX_VALUE, type);
                case ProtocolConstants.DataType.SMALLINT -> (short) integral(value, Short.MIN_VALUE, Short.MAX_VALUE,
                        type);
                case ProtocolConstants.DataType.INT -> (int) integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE,
                        type);
                case ProtocolConstants.DataType.BIGINT, ProtocolConstants.DataType.COUNTER ->
                        integral(value, Long.MIN_VALUE, Long.MAX_VALUE, type);
                case ProtocolConstants.DataType.VARINT -> varint(value);
                case ProtocolConstants.DataType.DECIMAL -> decimal(value);
                case ProtocolConstants.DataType.FLOAT -> floatValue(value);
                case ProtocolConstants.DataType.DOUBLE -> doubleValue(value);
                case ProtocolConstants.DataType.UUID -> uuid(value);
                case ProtocolConstants.DataType.TIMEUUID -> timeuuid(value);
                case ProtocolConstants.DataType.TIMESTAMP -> timestamp(value);
                case ProtocolConstants.DataType.DATE -> date(value);
                case ProtocolConstants.DataType.TIME -> time(value);
                case ProtocolConstants.DataType.BLOB -> blob(value);
                case ProtocolConstants.DataType.INET -> inet(value);
                case ProtocolConstants.DataType.DURATION -> duration(value);
                case ProtocolConstants.DataType.LIST -> list(value, ((ListType) type).getElementType());
                case ProtocolConstants.DataType.SET -> set(value, ((SetType) type).getElementType());
                case ProtocolConstants.DataType.MAP -> map(value, (MapType) type);
                case ProtocolConstants.DataType.TUPLE -> tuple(value, (TupleType) type);
                case ProtocolConstants.DataType.UDT -> udt(value, (UserDefinedType) type);
                default -> custom(value, type);
            };
        } catch (ValueConversionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw mismatch(value, type, e.getMessage());
        }
    }

    private static Object custom(Object value, DataType type) {
        if (type instanceof VectorType vector) {
            List<Object> elements = new ArrayList<>();
            for (Object element : elements(value, type)) {
                elements.add(convert(element, vector.getElementType()));
            }
            if (elements.size() != vector.getDimensions()) {
                throw mismatch(value, type, "it has " + elements.size() + " elements, not " + vector.getDimensions());
            }
            @SuppressWarnings({"unchecked", "rawtypes"})
            CqlVector<?> result = CqlVector.newInstance((List) elements);
            return result;
        }
        throw mismatch(value, type, "this CQL type is not supported");
    }

    private static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Struct || value instanceof Map || value instanceof Collection) {
            return JsonText.write(value);
        }
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            throw new ValueConversionException("expected text but got bytes");
        }
        return value.toString();
    }

    private static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            if (s.equalsIgnoreCase("true")) {
                return true;
            }
            if (s.equalsIgnoreCase("false")) {
                return false;
            }
        }
        if (value instanceof Number n && (n.longValue() == 0 || n.longValue() == 1)) {
            return n.longValue() == 1;
        }
        throw mismatch(value, DataTypes.BOOLEAN, null);
    }

    private static long integral(Object value, long min, long max, DataType type) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            long whole = ((Number) value).longValue();
            if (whole < min || whole > max) {
                throw outOfRange(whole, type, min, max, "");
            }
            return whole;
        }
        BigDecimal number = number(value, type);
        requireFraction(number, value, type);
        if (number.signum() != 0 && integerDigits(number) > 19) {
            throw outOfRange(describe(value), type, min, max, ": it has " + integerDigits(number)
                    + " digits before the point");
        }
        BigInteger whole = wholeNumber(number, value, type);
        if (whole.compareTo(BigInteger.valueOf(min)) < 0 || whole.compareTo(BigInteger.valueOf(max)) > 0) {
            throw outOfRange(whole, type, min, max, "");
        }
        return whole.longValue();
    }

    private static ValueConversionException outOfRange(Object shown, DataType type, long min, long max,
            String detail) {
        return new ValueConversionException("value " + shown + " is out of range for " + type.asCql(false, true)
                + " (" + min + " to " + max + ")" + detail);
    }

    /**
     * Digits before the point: precision minus scale, known without writing the number out
     * ("1e600000000" has 600,000,001). Only for a number that is not zero.
     */
    private static long integerDigits(BigDecimal number) {
        return (long) number.precision() - number.scale();
    }

    /**
     * Rejects a number with more than {@link #MAX_DIGITS} digits after the point: scaling it, as
     * a whole-number check does, would compute a power of ten that large.
     */
    private static void requireFraction(BigDecimal number, Object value, DataType type) {
        if (number.scale() > MAX_DIGITS) {
            throw mismatch(value, type, "it has " + number.scale() + " digits after the point; at most "
                    + MAX_DIGITS + " are accepted");
        }
    }

    /** The whole number, once the caller has bounded its digits. */
    private static BigInteger wholeNumber(BigDecimal number, Object value, DataType type) {
        if (number.signum() == 0) {
            return BigInteger.ZERO;
        }
        if (integerDigits(number) <= 0) {
            throw mismatch(value, type, "it is not a whole number"); // between -1 and 1, not 0
        }
        try {
            return number.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw mismatch(value, type, "it is not a whole number");
        }
    }

    private static BigDecimal number(Object value, DataType type) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw mismatch(value, type, "it is not a finite number");
            }
            return BigDecimal.valueOf(d);
        }
        if (value instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw mismatch(value, type, null);
            }
        }
        throw mismatch(value, type, null);
    }

    private static BigInteger varint(Object value) {
        BigDecimal number = number(value, DataTypes.VARINT);
        requireDigits(number, value, DataTypes.VARINT);
        return wholeNumber(number, value, DataTypes.VARINT);
    }

    private static BigDecimal decimal(Object value) {
        if (value instanceof Double || value instanceof Float) {
            // new BigDecimal(0.1) carries the binary error; the shortest decimal does not
            return new BigDecimal(value.toString());
        }
        BigDecimal number = number(value, DataTypes.DECIMAL);
        requireDigits(number, value, DataTypes.DECIMAL);
        return number;
    }

    /**
     * Varint and decimal have no range, but a number written out in full with more than
     * {@link #MAX_DIGITS} digits on either side of the point is refused: expanding it (to compare,
     * print or convert it) would stall whoever reads it, here or downstream.
     */
    private static void requireDigits(BigDecimal number, Object value, DataType type) {
        requireFraction(number, value, type);
        if (number.signum() != 0 && integerDigits(number) > MAX_DIGITS) {
            throw mismatch(value, type, "it has " + integerDigits(number) + " digits before the point; at most "
                    + MAX_DIGITS + " are accepted");
        }
    }

    private static float floatValue(Object value) {
        if (value instanceof Number n) {
            return n.floatValue();
        }
        if (value instanceof String s) {
            try {
                return Float.parseFloat(s.trim());
            } catch (NumberFormatException e) {
                throw mismatch(value, DataTypes.FLOAT, null);
            }
        }
        throw mismatch(value, DataTypes.FLOAT, null);
    }

    private static double doubleValue(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw mismatch(value, DataTypes.DOUBLE, null);
            }
        }
        throw mismatch(value, DataTypes.DOUBLE, null);
    }

    private static UUID uuid(Object value) {
        if (value instanceof UUID u) {
            return u;
        }
        if (value instanceof String s) {
            try {
                return UUID.fromString(s.trim());
            } catch (IllegalArgumentException e) {
                throw mismatch(value, DataTypes.UUID, null);
            }
        }
        throw mismatch(value, DataTypes.UUID, null);
    }

    private static UUID timeuuid(Object value) {
        UUID uuid = uuid(value);
        if (uuid.version() != 1) {
            throw mismatch(value, DataTypes.TIMEUUID, "it is a version " + uuid.version()
                    + " UUID, not a time-based (version 1) one");
        }
        return uuid;
    }

    private static Instant timestamp(Object value) {
        if (value instanceof Date d) {
            return d.toInstant();
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Number n) {
            return Instant.ofEpochMilli(integral(value, Long.MIN_VALUE, Long.MAX_VALUE, DataTypes.TIMESTAMP));
        }
        if (value instanceof String s) {
            return timestampText(s.trim(), value);
        }
        throw mismatch(value, DataTypes.TIMESTAMP, null);
    }

    /**
     * ISO-8601 with 'T' or a space, with or without a zone (taken as UTC, as cqlsh does), the zone
     * as Z, +hh:mm or +hhmm (CQL's JSON form is "2018-01-22 20:28:50.869Z"); or epoch milliseconds.
     * Parsed without trial and error: this runs for every timestamp of every row.
     */
    private static Instant timestampText(String text, Object value) {
        if (!text.isEmpty() && isInteger(text)) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        Instant utcMillis = utcMillisText(text);
        if (utcMillis != null) {
            return utcMillis;
        }
        StringBuilder iso = new StringBuilder(text);
        if (iso.length() > 10 && iso.charAt(10) == ' ') {
            iso.setCharAt(10, 'T');
        }
        int length = iso.length();
        boolean offset = length > 10 && (iso.charAt(length - 1) == 'Z' || iso.charAt(length - 1) == 'z');
        if (!offset && length > 16 && isSign(iso.charAt(length - 6)) && iso.charAt(length - 3) == ':') {
            offset = true;
        } else if (!offset && length > 15 && isSign(iso.charAt(length - 5)) && isInteger(iso.substring(length - 4))) {
            iso.insert(length - 2, ':');
            offset = true;
        }
        try {
            return offset ? OffsetDateTime.parse(iso).toInstant() : LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw mismatch(value, DataTypes.TIMESTAMP,
                    "use ISO-8601 such as 2018-01-22T20:28:50.869Z or epoch milliseconds");
        }
    }

    /**
     * The one shape Cassandra writes ("2018-01-22 20:28:50.869Z", or with 'T'), read digit by
     * digit: the general parse cost the materializer several percent of its CPU. Null for any
     * other shape or an invalid field, which the general parse then handles or reports.
     */
    private static Instant utcMillisText(String text) {
        if (text.length() != 24 || text.charAt(4) != '-' || text.charAt(7) != '-'
                || (text.charAt(10) != ' ' && text.charAt(10) != 'T')
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.'
                || text.charAt(23) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int millis = digits(text, 20, 3);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59
                || millis < 0) {
            return null;
        }
        long days;
        try {
            days = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null; // no such date: the general parse reports it
        }
        return Instant.ofEpochMilli(days * 86_400_000L + hour * 3_600_000L + minute * 60_000L + second * 1_000L
                + millis);
    }

    /** The decimal number in {@code text[from, from + count)}, or -1 when a character is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isSign(char c) {
        return c == '+' || c == '-';
    }

    private static boolean isInteger(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9') && !(i == 0 && c == '-' && text.length() > 1)) {
                return false;
            }
        }
        return true;
    }

    private static LocalDate date(Object value) {
        if (value instanceof Date d) {
            return LocalDate.ofInstant(d.toInstant(), ZoneOffset.UTC);
        }
        if (value instanceof LocalDate d) {
            return d;
        }
        if (value instanceof Number) {
            return LocalDate.ofEpochDay(integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE, DataTypes.DATE));
        }
        if (value instanceof String s) {
            try {
                return LocalDate.parse(s.trim());
            } catch (DateTimeParseException e) {
                throw mismatch(value, DataTypes.DATE, "use yyyy-mm-dd or days since 1970-01-01");
            }
        }
        throw mismatch(value, DataTypes.DATE, null);
    }

    private static LocalTime time(Object value) {
        if (value instanceof Date d) {
            return LocalTime.ofNanoOfDay(Math.floorMod(d.getTime(), 86_400_000L) * 1_000_000L);
        }
        if (value instanceof LocalTime t) {
            return t;
        }
        if (value instanceof Number) {
            long millis = integral(value, 0, 86_399_999L, DataTypes.TIME);
            return LocalTime.ofNanoOfDay(millis * 1_000_000L);
        }
        if (value instanceof String s) {
            try {
                return LocalTime.parse(s.trim());
            } catch (DateTimeParseException e) {
                throw mismatch(value, DataTypes.TIME, "use hh:mm:ss[.fffffffff] or milliseconds since midnight");
            }
        }
        throw mismatch(value, DataTypes.TIME, null);
    }

    private static ByteBuffer blob(Object value) {
        if (value instanceof byte[] bytes) {
            return ByteBuffer.wrap(bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            return buffer.duplicate();
        }
        if (value instanceof String s) {
            String text = s.trim();
            if (text.startsWith("0x")) {
                return ByteBuffer.wrap(java.util.HexFormat.of().parseHex(text.substring(2)));
            }
            try {
                return ByteBuffer.wrap(Base64.getDecoder().decode(text));
            } catch (IllegalArgumentException e) {
                throw mismatch(value, DataTypes.BLOB, "text for a blob must be base64 or 0x-prefixed hex");
            }
        }
        throw mismatch(value, DataTypes.BLOB, null);
    }

    private static InetAddress inet(Object value) {
        if (value instanceof InetAddress address) {
            return address;
        }
        if (value instanceof String s && IP_LITERAL.matcher(s.trim()).matches()) {
            try {
                // a literal address: no name lookup happens
                return InetAddress.getByName(s.trim());
            } catch (UnknownHostException e) {
                throw mismatch(value, DataTypes.INET, null);
            }
        }
        throw mismatch(value, DataTypes.INET, "give an IPv4 or IPv6 address literal");
    }

    private static CqlDuration duration(Object value) {
        if (value instanceof CqlDuration d) {
            return d;
        }
        if (value instanceof String s) {
            try {
                return CqlDuration.from(s.trim());
            } catch (IllegalArgumentException e) {
                throw mismatch(value, DataTypes.DURATION, "use a CQL duration such as 1h30m or P1DT2H");
            }
        }
        throw mismatch(value, DataTypes.DURATION, null);
    }

    private static List<Object> list(Object value, DataType elementType) {
        List<Object> result = new ArrayList<>();
        for (Object element : elements(value, DataTypes.listOf(elementType))) {
            result.add(requireElement(convert(element, elementType), elementType));
        }
        return result;
    }

    private static Set<Object> set(Object value, DataType elementType) {
        Set<Object> result = new LinkedHashSet<>();
        for (Object element : elements(value, DataTypes.setOf(elementType))) {
            result.add(requireElement(convert(element, elementType), elementType));
        }
        return result;
    }

    private static Map<Object, Object> map(Object value, MapType type) {
        if (!(value instanceof Map<?, ?> source)) {
            throw mismatch(value, type, null);
        }
        Map<Object, Object> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : source.entrySet()) {
            result.put(requireElement(convert(entry.getKey(), type.getKeyType()), type.getKeyType()),
                    requireElement(convert(entry.getValue(), type.getValueType()), type.getValueType()));
        }
        return result;
    }

    private static TupleValue tuple(Object value, TupleType type) {
        List<Object> components = new ArrayList<>();
        if (value instanceof Struct struct) {
            for (Field field : struct.schema().fields()) {
                components.add(struct.get(field));
            }
        } else {
            components.addAll(elements(value, type));
        }
        List<DataType> types = type.getComponentTypes();
        if (components.size() != types.size()) {
            throw mismatch(value, type, "it has " + components.size() + " components, not " + types.size());
        }
        TupleValue tuple = type.newValue();
        for (int i = 0; i < types.size(); i++) {
            tuple = tuple.set(i, convert(components.get(i), types.get(i)), javaClass(types.get(i)));
        }
        return tuple;
    }

    private static UdtValue udt(Object value, UserDefinedType type) {
        UdtValue udt = type.newValue();
        if (value instanceof Struct struct) {
            for (Field field : struct.schema().fields()) {
                udt = setUdtField(udt, type, field.name(), struct.get(field), value);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                udt = setUdtField(udt, type, String.valueOf(entry.getKey()), entry.getValue(), value);
            }
        } else {
            throw mismatch(value, type, null);
        }
        return udt;
    }

    private static UdtValue setUdtField(UdtValue udt, UserDefinedType type, String name, Object fieldValue,
            Object whole) {
        int index = type.firstIndexOf(name);
        if (index < 0) {
            index = type.firstIndexOf("\"" + name + "\"");
        }
        if (index < 0) {
            throw mismatch(whole, type, "field '" + name + "' is not in the type " + type.getName().asCql(true));
        }
        DataType fieldType = type.getFieldTypes().get(index);
        return udt.set(index, convert(fieldValue, fieldType), javaClass(fieldType));
    }

    @SuppressWarnings("unchecked")
    private static Class<Object> javaClass(DataType type) {
        return (Class<Object>) (Class<?>) com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry.DEFAULT
                .codecFor(type).getJavaType().getRawType();
    }

    private static Collection<?> elements(Object value, DataType type) {
        if (value instanceof Collection<?> collection) {
            return collection;
        }
        if (value instanceof Object[] array) {
            return List.of(array);
        }
        throw mismatch(value, type, "expected a list of values");
    }

    private static Object requireElement(Object element, DataType type) {
        if (element == null) {
            throw new ValueConversionException("collections cannot hold null; a null " + type.asCql(false, true)
                    + " element was given");
        }
        return element;
    }

    static ValueConversionException mismatch(Object value, DataType type, String detail) {
        return new ValueConversionException("expected " + type.asCql(false, true) + " but got " + describe(value)
                + (detail == null ? "" : ": " + detail));
    }

    /** Type and a short excerpt of a value, for messages: never a whole payload. */
    public static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value instanceof byte[] bytes ? bytes.length + " bytes" : String.valueOf(value);
        if (text.length() > 40) {
            text = text.substring(0, 37) + "...";
        }
        String kind = value instanceof Struct ? "struct" : value instanceof Map ? "map"
                : value instanceof Collection ? "list" : value.getClass().getSimpleName();
        return kind + " " + (value instanceof String ? "\"" + text + "\"" : text);
    }
}
