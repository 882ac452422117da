package com.example.deviceerp.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** A distributor, its contact person and its commercial terms. */
@Entity
@Table(name = "DISTRIBUTOR")
public class Distributor {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "DISTRIBUTOR_seq")
    @SequenceGenerator(name = "DISTRIBUTOR_seq", sequenceName = "DISTRIBUTOR_SEQ", allocationSize = 50)
    private Long id;

    @Column(name = "COMPANY_NAME", length = 120)
    private String companyName;

    @Column(name = "REGION", length = 60)
    private String region;

    @Column(name = "CONTACT_NAME", length = 100)
    private String contactName;

    @Column(name = "CONTACT_PHONE", length = 40)
    private String contactPhone;

    @Column(name = "BANK_ACCOUNT", length = 40)
    private String bankAccount;

    @Column(name = "CREDIT_LIMIT")
    private BigDecimal creditLimit;

    public Distributor() {
    }

    public Long getId() {
        return id;
    }

    public String getCompanyName() {
        return companyName;
    }

    public void setCompanyName(String companyName) {
        this.companyName = companyName;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getContactName() {
        return contactName;
    }

    public void setContactName(String contactName) {
        this.contactName = contactName;
    }

    public String getContactPhone() {
        return contactPhone;
    }

    public void setContactPhone(String contactPhone) {
        this.contactPhone = contactPhone;
    }

    public String getBankAccount() {
        return bankAccount;
    }

    public void setBankAccount(String bankAccount) {
        this.bankAccount = bankAccount;
    }

    public BigDecimal getCreditLimit() {
        return creditLimit;
    }

    public void setCreditLimit(BigDecimal creditLimit) {
        this.creditLimit = creditLimit;
    }
}
