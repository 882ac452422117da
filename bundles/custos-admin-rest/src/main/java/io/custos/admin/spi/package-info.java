/**
 * Where other modules plug into the admin API. {@link io.custos.admin.spi.ReencryptionJobs} is implemented by
 * the rotation module ({@code custos-rotation}, Jakarta Batch) as a CDI bean; until one is deployed, the jobs
 * endpoints answer that jobs are unavailable (CUSTOS-7005).
 */
package io.custos.admin.spi;
