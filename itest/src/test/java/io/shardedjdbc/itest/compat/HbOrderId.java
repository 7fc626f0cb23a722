package io.shardedjdbc.itest.compat;

import java.io.Serializable;
import java.util.Objects;

/** The id of an order: its account (the shard key) and its number within the account. */
public class HbOrderId implements Serializable {
    private long accountId;
    private long orderId;

    public HbOrderId() {
    }

    public HbOrderId(long accountId, long orderId) {
        this.accountId = accountId;
        this.orderId = orderId;
    }

    public long getAccountId() {
        return accountId;
    }

    public long getOrderId() {
        return orderId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HbOrderId other && other.accountId == accountId && other.orderId == orderId;
    }

    @Override
    public int hashCode() {
        return Objects.hash(accountId, orderId);
    }
}
