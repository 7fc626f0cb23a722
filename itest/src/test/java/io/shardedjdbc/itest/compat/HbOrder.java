package io.shardedjdbc.itest.compat;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.math.BigDecimal;

/** Sharded by account_id, the first part of its id: co-located with its account. */
@Entity
@Table(name = "hb_orders")
@IdClass(HbOrderId.class)
public class HbOrder {
    @Id
    @Column(name = "account_id")
    private long accountId;

    @Id
    @Column(name = "order_id")
    private long orderId;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "account_id", insertable = false, updatable = false)
    private HbAccount account;

    @Column(nullable = false, length = 100)
    private String item;

    @Column(nullable = false)
    private int quantity;

    @Column(nullable = false, precision = 19, scale = 2)
    private BigDecimal amount;

    /** Nullable, so that the update test can take it away on the servers and see Hibernate add it back. */
    @Column(length = 200)
    private String note;

    protected HbOrder() {
    }

    public HbOrder(long accountId, long orderId, String item, int quantity, BigDecimal amount) {
        this.accountId = accountId;
        this.orderId = orderId;
        this.item = item;
        this.quantity = quantity;
        this.amount = amount;
    }

    public long getAccountId() {
        return accountId;
    }

    public long getOrderId() {
        return orderId;
    }

    public HbAccount getAccount() {
        return account;
    }

    public String getItem() {
        return item;
    }

    public int getQuantity() {
        return quantity;
    }

    public void setQuantity(int quantity) {
        this.quantity = quantity;
    }

    public BigDecimal getAmount() {
        return amount;
    }

    public String getNote() {
        return note;
    }

    public void setNote(String note) {
        this.note = note;
    }
}
