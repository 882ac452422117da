package io.custos.bench.jpa;

import io.custos.api.DataClass;
import io.custos.api.FieldProtector;
import io.custos.api.ProtectionContext;
import io.custos.crypto.CustosCrypto;
import io.custos.crypto.keys.InMemoryKeySource;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One row of the JPA benchmark read back without a database: five text values decrypted by the floor
 * converter, and by the Custos engine with row-bound contexts (as the protected mappings do). Shows how
 * much of the page-loading gap is the engine and the context, and how much EclipseLink integration.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ReadValueBenchmark -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReadValueBenchmark {
    private final GcmFloorConverter floor = new GcmFloorConverter();
    private String[] floorStored;
    private String[] custosStored;
    private ProtectionContext[] columns;
    private FieldProtector protector;

    @Setup
    public void setUp() throws Exception {
        protector = CustosCrypto.builder().keySource(new InMemoryKeySource()).build().randomized();
        Object row = JpaBench.row(JpaBench.Mode.CUSTOS, 4711);
        BenchRow r = (BenchRow) row;
        String[] values = {r.getName(), "110105197800004711", "+86 138 00004711",
                "Room 211, Building 7, 1288 Demo Road, Pudong, Shanghai 200120",
                "Type 2 diabetes mellitus without complications; follow-up visit 7"};
        String[] names = {"NAME", "ID_CARD", "PHONE", "ADDRESS", "DIAGNOSIS"};
        floorStored = new String[5];
        custosStored = new String[5];
        columns = new ProtectionContext[5];
        for (int i = 0; i < 5; i++) {
            columns[i] = ProtectionContext.builder().tenant("bench").table("BENCH_ROW").column(names[i])
                    .dataClass(DataClass.CUSTOMER).build();
            floorStored[i] = floor.convertToDatabaseColumn(values[i]);
            custosStored[i] = protector.encryptText(values[i], columns[i].withRowId("4711"));
        }
    }

    @Benchmark
    public int floorRow() {
        int n = 0;
        for (int i = 0; i < 5; i++) {
            n += floor.convertToEntityAttribute(floorStored[i]).length();
        }
        return n;
    }

    @Benchmark
    public int custosRowWithRowIdEachColumn() throws Exception {
        int n = 0;
        String rowId = String.valueOf(4711L);
        for (int i = 0; i < 5; i++) {
            n += protector.openText(custosStored[i], columns[i].withRowId(rowId), false).value().length();
        }
        return n;
    }

    @Benchmark
    public int custosRowWithRowOf() throws Exception {
        int n = 0;
        ProtectionContext row = columns[0].withRowId(String.valueOf(4711L));
        for (int i = 0; i < 5; i++) {
            ProtectionContext ctx = i == 0 ? row : columns[i].withRowOf(row);
            n += protector.openText(custosStored[i], ctx, false).value().length();
        }
        return n;
    }

    @Benchmark
    public int custosRowContextOnly() {
        int n = 0;
        ProtectionContext row = columns[0].withRowId(String.valueOf(4711L));
        for (int i = 1; i < 5; i++) {
            n += columns[i].withRowOf(row).contextCheck(true);
        }
        return n;
    }
}
