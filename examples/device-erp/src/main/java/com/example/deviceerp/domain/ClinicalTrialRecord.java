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
import java.time.LocalDate;

/** One visit of a patient in a clinical trial. */
@Entity
@Table(name = "TRIAL_RECORD")
public class ClinicalTrialRecord {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "TRIAL_RECORD_seq")
    @SequenceGenerator(name = "TRIAL_RECORD_seq", sequenceName = "TRIAL_RECORD_SEQ", allocationSize = 50)
    private Long id;

    @Column(name = "TRIAL_CODE", length = 30)
    private String trialCode;

    @ManyToOne(fetch = FetchType.LAZY)
    private Patient patient;

    @Column(name = "VISIT_DATE")
    private LocalDate visitDate;

    @Column(name = "DIAGNOSIS", length = 400)
    private String diagnosis;

    @Column(name = "ADVERSE_EVENTS", length = 400)
    private String adverseEvents;

    public ClinicalTrialRecord() {
    }

    public Long getId() {
        return id;
    }

    public String getTrialCode() {
        return trialCode;
    }

    public void setTrialCode(String trialCode) {
        this.trialCode = trialCode;
    }

    public Patient getPatient() {
        return patient;
    }

    public void setPatient(Patient patient) {
        this.patient = patient;
    }

    public LocalDate getVisitDate() {
        return visitDate;
    }

    public void setVisitDate(LocalDate visitDate) {
        this.visitDate = visitDate;
    }

    public String getDiagnosis() {
        return diagnosis;
    }

    public void setDiagnosis(String diagnosis) {
        this.diagnosis = diagnosis;
    }

    public String getAdverseEvents() {
        return adverseEvents;
    }

    public void setAdverseEvents(String adverseEvents) {
        this.adverseEvents = adverseEvents;
    }
}
