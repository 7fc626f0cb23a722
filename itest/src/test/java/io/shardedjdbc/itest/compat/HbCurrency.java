package io.shardedjdbc.itest.compat;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A broadcast lookup table: a full copy on every shard. */
@Entity
@Table(name = "hb_currencies")
public class HbCurrency {
    @Id
    @Column(length = 3)
    private String code;

    @Column(nullable = false, length = 60)
    private String name;

    @Column(name = "minor_units", nullable = false)
    private int minorUnits;

    protected HbCurrency() {
    }

    public HbCurrency(String code, String name, int minorUnits) {
        this.code = code;
        this.name = name;
        this.minorUnits = minorUnits;
    }

    public String getCode() {
        return code;
    }

    public String getName() {
        return name;
    }

    public int getMinorUnits() {
        return minorUnits;
    }
}
