package io.shardedjdbc.itest.compat;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.math.BigDecimal;

/** Sharded by its id, account_id (keyspace account); references the broadcast currencies. */
@Entity
@Table(name = "hb_accounts")
public class HbAccount {
    @Id
    @Column(name = "account_id")
    private long accountId;

    @Column(nullable = false, length = 100)
    private String owner;

    @Column(nullable = false, precision = 19, scale = 2)
    private BigDecimal balance;

    @ManyToOne(optional = false)
    @JoinColumn(name = "currency_code", nullable = false)
    private HbCurrency currency;

    @Version
    private int version;

    protected HbAccount() {
    }

    public HbAccount(long accountId, String owner, BigDecimal balance, HbCurrency currency) {
        this.accountId = accountId;
        this.owner = owner;
        this.balance = balance;
        this.currency = currency;
    }

    public long getAccountId() {
        return accountId;
    }

    public String getOwner() {
        return owner;
    }

    public void setOwner(String owner) {
        this.owner = owner;
    }

    public BigDecimal getBalance() {
        return balance;
    }

    public HbCurrency getCurrency() {
        return currency;
    }

    public int getVersion() {
        return version;
    }
}
