package io.ckbridge.materializer.schema;

import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.MapType;
import com.datastax.oss.driver.api.core.type.SetType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;

/** A column of a table: its CQL type, its role, and for a clustering column its order. */
public record ColumnInfo(String name, DataType type, Kind kind, boolean descending) {
    public enum Kind { PARTITION_KEY, CLUSTERING, STATIC, REGULAR }

    /** Non-frozen collections and UDTs: their elements are cells of their own. */
    public boolean multiCell() {
        if (type instanceof ListType list) {
            return !list.isFrozen();
        }
        if (type instanceof SetType set) {
            return !set.isFrozen();
        }
        if (type instanceof MapType map) {
            return !map.isFrozen();
        }
        return type instanceof UserDefinedType udt && !udt.isFrozen();
    }
}
