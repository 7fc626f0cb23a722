package io.shardedjdbc.itest.compat;

import org.jooq.Record;
import org.jooq.Schema;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jooq.impl.TableImpl;

import java.math.BigDecimal;

/**
 * The jOOQ test's tables written as jOOQ's code generator writes them: a table of schema {@code public} with typed
 * fields, so that jOOQ renders quoted, schema-qualified names ({@code "public"."jq_products"."shop_id"}).
 */
final class JqTables {
    static final Schema PUBLIC = DSL.schema(DSL.name("public"));

    private JqTables() {
    }

    /** Sharded by shop_id; product_id is generated on the shard (an identity column). */
    static final class Products extends TableImpl<Record> {
        static final Products PRODUCTS = new Products();

        final TableField<Record, Long> SHOP_ID = createField(DSL.name("shop_id"), SQLDataType.BIGINT.nullable(false), this, "");
        final TableField<Record, Long> PRODUCT_ID = createField(DSL.name("product_id"),
                SQLDataType.BIGINT.nullable(false).identity(true), this, "");
        final TableField<Record, String> NAME = createField(DSL.name("name"), SQLDataType.CLOB.nullable(false), this, "");
        final TableField<Record, BigDecimal> PRICE = createField(DSL.name("price"),
                SQLDataType.NUMERIC(10, 2).nullable(false), this, "");
        final TableField<Record, String> CATEGORY = createField(DSL.name("category"), SQLDataType.CLOB, this, "");

        private Products() {
            super(DSL.name("jq_products"), PUBLIC);
        }
    }

    /** Broadcast: a copy on every shard. */
    static final class Categories extends TableImpl<Record> {
        static final Categories CATEGORIES = new Categories();

        final TableField<Record, String> CODE = createField(DSL.name("code"), SQLDataType.CLOB.nullable(false), this, "");
        final TableField<Record, String> LABEL = createField(DSL.name("label"), SQLDataType.CLOB.nullable(false), this, "");

        private Categories() {
            super(DSL.name("jq_categories"), PUBLIC);
        }
    }
}
