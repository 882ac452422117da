package com.example.deviceerp.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** A customer (hospital, clinic or dealer) and its contact person. */
@Entity
@Table(name = "CUSTOMER")
public class Customer {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "CUSTOMER_seq")
    @SequenceGenerator(name = "CUSTOMER_seq", sequenceName = "CUSTOMER_SEQ", allocationSize = 50)
    private Long id;

    @Column(name = "NAME", length = 120)
    private String name;

    @Column(name = "EMAIL", length = 120)
    private String email;

    @Column(name = "PHONE", length = 40)
    private String phone;

    @Column(name = "TAX_ID", length = 40)
    private String taxId;

    @Column(name = "CITY", length = 60)
    private String city;

    public Customer() {
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getPhone() {
        return phone;
    }

    public void setPhone(String phone) {
        this.phone = phone;
    }

    public String getTaxId() {
        return taxId;
    }

    public void setTaxId(String taxId) {
        this.taxId = taxId;
    }

    public String getCity() {
        return city;
    }

    public void setCity(String city) {
        this.city = city;
    }
}
