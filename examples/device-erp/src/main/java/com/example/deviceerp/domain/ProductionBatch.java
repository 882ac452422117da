package com.example.deviceerp.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.LocalDate;

/** A production batch record. */
@Entity
@Table(name = "PRODUCTION_BATCH")
public class ProductionBatch {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "PRODUCTION_BATCH_seq")
    @SequenceGenerator(name = "PRODUCTION_BATCH_seq", sequenceName = "PRODUCTION_BATCH_SEQ", allocationSize = 50)
    private Long id;

    @Column(name = "BATCH_NUMBER", length = 30)
    private String batchNumber;

    @ManyToOne(fetch = FetchType.LAZY)
    private Formula formula;

    @Column(name = "PRODUCED_ON")
    private LocalDate producedOn;

    @Column(name = "PROCESS_RECORD", length = 1000)
    private String processRecord;

    @Column(name = "YIELD_PERCENT")
    private BigDecimal yieldPercent;

    public ProductionBatch() {
    }

    public Long getId() {
        return id;
    }

    public String getBatchNumber() {
        return batchNumber;
    }

    public void setBatchNumber(String batchNumber) {
        this.batchNumber = batchNumber;
    }

    public Formula getFormula() {
        return formula;
    }

    public void setFormula(Formula formula) {
        this.formula = formula;
    }

    public LocalDate getProducedOn() {
        return producedOn;
    }

    public void setProducedOn(LocalDate producedOn) {
        this.producedOn = producedOn;
    }

    public String getProcessRecord() {
        return processRecord;
    }

    public void setProcessRecord(String processRecord) {
        this.processRecord = processRecord;
    }

    public BigDecimal getYieldPercent() {
        return yieldPercent;
    }

    public void setYieldPercent(BigDecimal yieldPercent) {
        this.yieldPercent = yieldPercent;
    }
}
