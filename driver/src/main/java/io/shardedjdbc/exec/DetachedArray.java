package io.shardedjdbc.exec;

import io.shardedjdbc.SqlState;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Arrays;
import java.util.Map;

/**
 * An SQL array read completely while its connection was held: the server driver's arrays may parse their elements
 * lazily through the connection, which a merged result no longer has once the shards' connections are back in
 * their pools.
 */
public final class DetachedArray implements Array {
    private final int baseType;
    private final String baseTypeName;
    /** What the server driver's getArray() gave: an Object[] of the element class, nested for several dimensions. */
    private final Object[] elements;
    /** PostgreSQL's text form, e.g. {@code {1,2,NULL}}. */
    private final String text;

    public DetachedArray(int baseType, String baseTypeName, Object[] elements, String text) {
        this.baseType = baseType;
        this.baseTypeName = baseTypeName;
        this.elements = elements;
        this.text = text;
    }

    /** Reads every element of {@code array} now, then frees it. */
    public static DetachedArray of(Array array) throws SQLException {
        Object elements = array.getArray();
        if (!(elements instanceof Object[] objects)) {
            throw SqlState.CROSS_SHARD_READ.exception("an array column of type " + array.getBaseTypeName()
                    + " came back as " + (elements == null ? "null" : elements.getClass().getName())
                    + ", which cannot be kept after its connection is released; read it on one shard with a key");
        }
        DetachedArray detached = new DetachedArray(array.getBaseType(), array.getBaseTypeName(), objects,
                array.toString());
        array.free();
        return detached;
    }

    public String text() {
        return text;
    }

    @Override
    public String getBaseTypeName() {
        return baseTypeName;
    }

    @Override
    public int getBaseType() {
        return baseType;
    }

    @Override
    public Object getArray() {
        return copy(elements);
    }

    @Override
    public Object getArray(Map<String, Class<?>> map) throws SQLException {
        checkEmpty(map);
        return getArray();
    }

    /** Elements {@code index} (1-based) to {@code index + count - 1} of the first dimension. */
    @Override
    public Object getArray(long index, int count) throws SQLException {
        if (index < 1 || count < 0 || index - 1 + count > elements.length) {
            throw SqlState.INVALID_ARGUMENT.exception("array slice " + index + ".." + (index + count - 1)
                    + " is outside 1.." + elements.length);
        }
        int from = (int) (index - 1);
        return copy(Arrays.copyOfRange(elements, from, from + count));
    }

    @Override
    public Object getArray(long index, int count, Map<String, Class<?>> map) throws SQLException {
        checkEmpty(map);
        return getArray(index, count);
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        throw noResultSet();
    }

    @Override
    public ResultSet getResultSet(Map<String, Class<?>> map) throws SQLException {
        throw noResultSet();
    }

    @Override
    public ResultSet getResultSet(long index, int count) throws SQLException {
        throw noResultSet();
    }

    @Override
    public ResultSet getResultSet(long index, int count, Map<String, Class<?>> map) throws SQLException {
        throw noResultSet();
    }

    @Override
    public void free() {
        // nothing is held beyond this object's own fields
    }

    /** PostgreSQL's text form, as the server driver's arrays print themselves. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DetachedArray other && baseTypeName.equals(other.baseTypeName) && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    private static Object copy(Object[] array) {
        Object[] copy = array.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] instanceof Object[] nested) {
                copy[i] = copy(nested);
            } else if (copy[i] instanceof byte[] bytes) {
                copy[i] = bytes.clone();
            }
        }
        return copy;
    }

    private static void checkEmpty(Map<String, Class<?>> map) throws SQLException {
        if (map != null && !map.isEmpty()) {
            throw new SQLFeatureNotSupportedException("custom type maps are not supported for arrays of merged rows",
                    SqlState.FEATURE_NOT_SUPPORTED.code());
        }
    }

    private static SQLFeatureNotSupportedException noResultSet() {
        return new SQLFeatureNotSupportedException("Array.getResultSet is not supported for arrays of rows merged"
                + " from several shards; use getArray()", SqlState.FEATURE_NOT_SUPPORTED.code());
    }
}
