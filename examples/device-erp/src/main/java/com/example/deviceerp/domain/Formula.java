package com.example.deviceerp.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** A product formula and its process recipe: core know-how. */
@Entity
@Table(name = "FORMULA")
public class Formula {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "FORMULA_seq")
    @SequenceGenerator(name = "FORMULA_seq", sequenceName = "FORMULA_SEQ", allocationSize = 50)
    private Long id;

    @Column(name = "CODE", length = 30)
    private String code;

    @Column(name = "PRODUCT_NAME", length = 100)
    private String productName;

    @Column(name = "COMPOSITION", length = 1000)
    private String composition;

    @Column(name = "PROCESS_PARAMETERS", length = 1000)
    private String processParameters;

    public Formula() {
    }

    public Long getId() {
        return id;
    }

    public String getCode() {
        return code;
    }

    public void setCode(String code) {
        this.code = code;
    }

    public String getProductName() {
        return productName;
    }

    public void setProductName(String productName) {
        this.productName = productName;
    }

    public String getComposition() {
        return composition;
    }

    public void setComposition(String composition) {
        this.composition = composition;
    }

    public String getProcessParameters() {
        return processParameters;
    }

    public void setProcessParameters(String processParameters) {
        this.processParameters = processParameters;
    }
}
