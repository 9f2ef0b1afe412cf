package nl.opencordon.vehicleregister.rdw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RdwImporterTest {
  private static final int ROWS = 20_000;
  private static final int BATCH = 1_000;
  private static Database db;

  @BeforeAll
  static void open() {
    db = Database.open(TestDatabase.freshSchema());
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private long count(String table) throws Exception {
    try (Connection c = db.dataSource().getConnection();
         ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Ends the input with an error after {@code limit} characters, as a cut download or a killed process would. */
  private static Reader failingAfter(String text, int limit) {
    return new FilterReader(new StringReader(text)) {
      private int read;

      @Override
      public int read(char[] buf, int off, int len) throws IOException {
        if (read >= limit) {
          throw new IOException("connection reset");
        }
        int n = super.read(buf, off, Math.min(len, limit - read));
        read += Math.max(n, 0);
        return n;
      }
    };
  }

  @Test
  void streamsInBatchesAndResumesAfterTheLastCommittedBatch() throws Exception {
    StringWriter csv = new StringWriter();
    RdwCsvGenerator.vehicles(csv, ROWS);
    String text = csv.toString();
    List<RdwImporter.Progress> progress = new ArrayList<>();
    RdwImporter importer = new RdwImporter(db.dataSource(), BATCH, progress::add);

    assertThrows(Exception.class, () -> importer.importFrom(RdwDataset.VEHICLES, "vehicles-test", failingAfter(text, text.length() / 2)));
    long committed = count("rdw_vehicles");
    assertTrue(committed > 0 && committed < ROWS && committed % BATCH == 0, "only whole batches: " + committed);
    assertEquals(committed, progress.get(progress.size() - 1).rowsDone(), "progress is reported per committed batch");
    assertEquals(committed / BATCH, progress.size());

    RdwImporter.Result resumed = importer.importFrom(RdwDataset.VEHICLES, "vehicles-test", new StringReader(text));
    assertEquals(committed, resumed.resumedAfter());
    assertEquals(ROWS - committed, resumed.rowsWritten());
    assertEquals(ROWS, count("rdw_vehicles"));
    assertTrue(resumed.rowsPerSecond() > 0);

    RdwImporter.Result again = importer.importFrom(RdwDataset.VEHICLES, "vehicles-test", new StringReader(text));
    assertEquals(0, again.rowsWritten(), "a finished source is not imported twice");

    RdwRecord fuelless = new RdwMirror(db.dataSource()).find(RdwCsvGenerator.plate(0)).orElse(null);
    assertEquals(null, fuelless, "a vehicle without fuel rows is a gap, not an answer");
  }

  @Test
  void importsFuelsByLabelAndSkipsUnreadableRows() throws Exception {
    String csv = "Kenteken,Brandstof volgnummer,Brandstof omschrijving,Emissieklasse,Uitlaatemissieniveau,Extra,"
        + "Milieuklasse EG Goedkeuring (licht),Milieuklasse EG Goedkeuring (zwaar)\n"
        + "QQ0001,1,Diesel,5,EURO 5 G,x,715/2007*692/2008J,\n"
        + ",1,Diesel,5,EURO 5,x,,\n"                 // no plate
        + "QQ0002,one,Diesel,5,EURO 5,x,,\n"         // not a number
        + "QQ0001,1,Diesel,6,EURO 6,x,715/2007*2017/1151ZD,\n";          // the same plate again: the last row wins
    String vehicles = "kenteken,voertuigsoort,europese_voertuigcategorie,inrichting,datum_eerste_toelating,"
        + "toegestane_maximum_massa_voertuig,massa_rijklaar\nQQ0001,Bedrijfsauto,N1,gesloten opbouw,20160301,3500,1900\n";
    // vezc-m2t6 by label, with its description column, which the mirror does not keep
    String bodies = "Kenteken,Carrosserie volgnummer,Carrosserietype,Type Carrosserie Europese omschrijving\n"
        + "QQ0001,1,BB,Bestelwagen\nQQ0001,2,SH,Rolstoeltoegankelijk voertuig\n";
    RdwImporter importer = new RdwImporter(db.dataSource(), 100, p -> {});
    RdwImporter.Result r = importer.importFrom(RdwDataset.FUELS, "fuels-test", new StringReader(csv));
    assertEquals(2, r.rowsSkipped());
    importer.importFrom(RdwDataset.VEHICLES, "vehicles-api-names", new StringReader(vehicles));
    assertEquals(null, new RdwMirror(db.dataSource()).find("QQ0001").orElse(null),
        "a vehicle without carrosserie rows is a gap, not an answer");
    assertEquals(2, importer.importFrom(RdwDataset.BODIES, "bodies-test", new StringReader(bodies)).rowsWritten());
    RdwMirror mirror = new RdwMirror(db.dataSource());
    assertEquals(null, mirror.find("QQ0001").orElse(null), "bijzonderheden not imported yet: a gap");

    // 7ug8-2dtt and jhie-znh9 by label; QQ0001 has no bijzonderheden, which the finished import makes known
    importer.importFrom(RdwDataset.PARTICULARS, "particulars-test", new StringReader("Kenteken,Bijzonderheid volgnummer,"
        + "Bijzonderheid code,Bijzonderheid code omschrijving\nQQ0009,1,146,rolstoeltoegankelijk\n"));
    assertEquals(null, mirror.find("QQ0001").orElse(null), "carrosserie specificatie not imported yet: a gap");
    importer.importFrom(RdwDataset.BODY_SPECIFICS, "specifics-test", new StringReader("Kenteken,Carrosserie volgnummer,"
        + "Carrosserie voertuig nummer code volgnummer,Carrosseriecode,Carrosserie voertuig nummer Europese "
        + "omschrijving\nQQ0001,1,1,03,Gesloten opbouw\n"));

    RdwRecord rec = mirror.find("QQ0001").orElseThrow();
    assertEquals(LocalDate.of(2016, 3, 1), rec.vehicle().firstAdmission());
    assertEquals(null, rec.vehicle().make(), "a file without make, model and colour imports without them");
    assertEquals("6", rec.fuels().get(0).emissionCode());
    assertEquals("715/2007*2017/1151ZD", rec.fuels().get(0).approvalLight());
    assertEquals(List.of("BB", "SH"), rec.bodies().stream().map(RdwBody::code).toList());
    assertEquals(List.of("3"), rec.bodySpecifics().stream().map(RdwBodySpecific::code).toList());
    assertEquals(List.of(), rec.particulars());

    // a vehicle imported after those exports is not covered by them: a gap for the API
    importer.importFrom(RdwDataset.VEHICLES, "vehicles-later", new StringReader(vehicles.replace("QQ0001", "QQ0002")));
    importer.importFrom(RdwDataset.FUELS, "fuels-later", new StringReader(csv.replace("QQ0001", "QQ0002")));
    importer.importFrom(RdwDataset.BODIES, "bodies-later", new StringReader(bodies.replace("QQ0001", "QQ0002")));
    assertEquals(null, mirror.find("QQ0002").orElse(null));
  }

  @Test
  void aFileWithoutANeededColumnIsRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RdwImporter(db.dataSource(), 10,
        p -> {}).importFrom(RdwDataset.VEHICLES, "bad", new StringReader("Kenteken,Merk\nAB12CD,FIAT\n")));
    assertTrue(e.getMessage().contains("datum_eerste_toelating"), e.getMessage());
  }
}
