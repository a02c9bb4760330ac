package io.ckbridge.materializer.schema;

import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.protocol.internal.ProtocolConstants;
import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.common.types.ToCqlValue;
import io.ckbridge.rawchange.RawChangeFormat;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * Cassandra's order of values of a CQL type, for values as the publisher writes them (CQL JSON):
 * how clustering keys sort (for range deletions) and how set elements and map keys are listed.
 */
public final class ValueOrder {
    private ValueOrder() {
    }

    public static int compare(DataType type, JsonNode a, JsonNode b) {
        if (a == null || a.isNull() || b == null || b.isNull()) {
            return Boolean.compare(a != null && !a.isNull(), b != null && !b.isNull());
        }
        Object left = toDriver(type, a);
        Object right = toDriver(type, b);
        return switch (type.getProtocolCode()) {
            case ProtocolConstants.DataType.ASCII, ProtocolConstants.DataType.VARCHAR -> Arrays.compareUnsigned(
                    ((String) left).getBytes(StandardCharsets.UTF_8), ((String) right)
                    .getBytes(StandardCharsets.UTF_8));
            case ProtocolConstants.DataType.TIMEUUID -> compareTimeUuid((UUID) left, (UUID) right);
            case ProtocolConstants.DataType.UUID -> compareUuid((UUID) left, (UUID) right);
            case ProtocolConstants.DataType.BLOB -> compareBytes((ByteBuffer) left, (ByteBuffer) right);
            case ProtocolConstants.DataType.INET -> Arrays.compareUnsigned(((InetAddress) left).getAddress(),
                    ((InetAddress) right).getAddress());
            default -> left instanceof Comparable<?> comparable && left.getClass() == right.getClass()
                    ? compareComparable(comparable, right)
                    : a.toString().compareTo(b.toString());
        };
    }

    /** A value of the publisher's JSON as the driver's Java type. */
    public static Object toDriver(DataType type, JsonNode value) {
        return ToCqlValue.convert(plain(value), type);
    }

    /** The node as plain Java (String, Number, Boolean, List, Map); scalars without a round trip through the mapper. */
    private static Object plain(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isIntegralNumber() || value.isBigDecimal()) {
            return value.numberValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNull()) {
            return null;
        }
        return RawChangeFormat.JSON.convertValue(value, Object.class);
    }

    @SuppressWarnings("unchecked")
    private static int compareComparable(Comparable<?> left, Object right) {
        return ((Comparable<Object>) left).compareTo(right);
    }

    private static int compareTimeUuid(UUID a, UUID b) {
        int byTime = Long.compare(a.timestamp(), b.timestamp());
        return byTime != 0 ? byTime : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    private static int compareUuid(UUID a, UUID b) {
        int byVersion = Integer.compare(a.version(), b.version());
        if (byVersion != 0) {
            return byVersion;
        }
        if (a.version() == 1) {
            return compareTimeUuid(a, b);
        }
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    private static int compareBytes(ByteBuffer a, ByteBuffer b) {
        byte[] left = new byte[a.remaining()];
        a.duplicate().get(left);
        byte[] right = new byte[b.remaining()];
        b.duplicate().get(right);
        return Arrays.compareUnsigned(left, right);
    }
}
