package nl.opencordon.vehicleregister.rdw;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The local copy of the RDW register in PostgreSQL: read by plate, written with what the API returned. */
public final class RdwMirror {
  private static final String FIND = "SELECT v.kenteken, v.voertuigsoort, v.europese_voertuigcategorie, v.inrichting, "
      + "v.datum_eerste_toelating, v.toegestane_maximum_massa_voertuig, v.massa_rijklaar, f.brandstof_volgnummer, "
      + "f.brandstof_omschrijving, f.emissiecode_omschrijving, f.uitlaatemissieniveau, "
      + "f.milieuklasse_eg_goedkeuring_licht, f.milieuklasse_eg_goedkeuring_zwaar, "
      + "v." + RdwDataset.BODY_SPECIFICS.knownColumn() + " AND v." + RdwDataset.PARTICULARS.knownColumn() + ", "
      + "v.merk, v.handelsbenaming, v.eerste_kleur "
      + "FROM rdw_vehicles v LEFT JOIN rdw_vehicle_fuels f ON f.kenteken = v.kenteken WHERE v.kenteken = ?";
  /** The carrosserie rows (B), their specific numbers (S) and the bijzonderheden (P), in one round trip. */
  private static final String FIND_CODES =
      "SELECT 'B', carrosserie_volgnummer, 0, carrosserietype FROM rdw_vehicle_bodies WHERE kenteken = ? "
      + "UNION ALL SELECT 'S', carrosserie_volgnummer, carrosserie_voertuig_nummer_code_volgnummer, carrosseriecode "
      + "FROM rdw_vehicle_body_specifics WHERE kenteken = ? "
      + "UNION ALL SELECT 'P', bijzonderheid_volgnummer, 0, bijzonderheid_code FROM rdw_vehicle_particulars "
      + "WHERE kenteken = ?";

  private final DataSource dataSource;

  public RdwMirror(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * The vehicle with the rows of the other four datasets. Empty also when the fuel or the carrosserie rows are
   * missing (that export not imported yet): without fuels a diesel cannot be told from an electric van, and
   * without a carrosserie a wheelchair-accessible van from another, so that is a gap for the API. Specific
   * carrosserie numbers and bijzonderheden are absent for most vehicles; they count as known (none) only when the
   * vehicle is marked so, by a finished bulk import of that dataset or by an answer of the API, else that is a gap
   * too.
   */
  public Optional<RdwRecord> find(String kenteken) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      RdwVehicle vehicle = null;
      boolean codesKnown = false;
      List<RdwFuel> fuels = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(FIND)) {
        ps.setString(1, kenteken);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            if (vehicle == null) {
              Date det = rs.getDate(5);
              vehicle = new RdwVehicle(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                  det == null ? null : det.toLocalDate(), (Integer) rs.getObject(6), (Integer) rs.getObject(7),
                  rs.getString(15), rs.getString(16), rs.getString(17));
              codesKnown = rs.getBoolean(14);
            }
            if (rs.getObject(8) != null) {
              fuels.add(new RdwFuel(rs.getString(1), rs.getInt(8), rs.getString(9), rs.getString(10), rs.getString(11),
                  rs.getString(12), rs.getString(13)));
            }
          }
        }
      }
      if (vehicle == null || fuels.isEmpty() || !codesKnown) {
        return Optional.empty();
      }
      List<RdwBody> bodies = new ArrayList<>();
      List<RdwBodySpecific> specifics = new ArrayList<>();
      List<RdwParticular> particulars = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(FIND_CODES)) {
        for (int i = 1; i <= 3; i++) {
          ps.setString(i, kenteken);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            switch (rs.getString(1)) {
              case "B" -> bodies.add(new RdwBody(vehicle.plate(), rs.getInt(2), rs.getString(4)));
              case "S" -> specifics.add(new RdwBodySpecific(vehicle.plate(), rs.getInt(2), rs.getInt(3), rs.getString(4)));
              default -> particulars.add(new RdwParticular(vehicle.plate(), rs.getInt(2), rs.getString(4)));
            }
          }
        }
      }
      return bodies.isEmpty() ? Optional.empty()
          : Optional.of(new RdwRecord(vehicle, fuels, bodies, specifics, particulars));
    }
  }

  /**
   * Stores a record from the API, replacing the plate's rows of the other datasets and marking its specific
   * carrosserie numbers and bijzonderheden as known, in one transaction.
   */
  public void save(RdwRecord record) throws SQLException {
    String plate = record.vehicle().plate();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        upsert(c, RdwDataset.VEHICLES, List.of(RdwDataset.values(record.vehicle())));
        replace(c, RdwDataset.FUELS, plate, record.fuels().stream().map(RdwDataset::values).toList());
        replace(c, RdwDataset.BODIES, plate, record.bodies().stream().map(RdwDataset::values).toList());
        replace(c, RdwDataset.BODY_SPECIFICS, plate, record.bodySpecifics().stream().map(RdwDataset::values).toList());
        replace(c, RdwDataset.PARTICULARS, plate, record.particulars().stream().map(RdwDataset::values).toList());
        try (PreparedStatement known = c.prepareStatement("UPDATE rdw_vehicles SET "
            + RdwDataset.BODY_SPECIFICS.knownColumn() + " = true, " + RdwDataset.PARTICULARS.knownColumn()
            + " = true WHERE kenteken = ?")) {
          known.setString(1, plate);
          known.executeUpdate();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static void replace(Connection c, RdwDataset dataset, String plate, List<List<Object>> rows)
      throws SQLException {
    try (PreparedStatement del = c.prepareStatement("DELETE FROM " + dataset.table() + " WHERE kenteken = ?")) {
      del.setString(1, plate);
      del.executeUpdate();
    }
    upsert(c, dataset, rows);
  }

  private static void upsert(Connection c, RdwDataset dataset, List<List<Object>> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(dataset.upsertFromApi())) {
      for (List<Object> row : rows) {
        for (int i = 0; i < row.size(); i++) {
          Object v = row.get(i);
          if (v instanceof LocalDate d) {
            ps.setObject(i + 1, d, Types.DATE);
          } else {
            ps.setObject(i + 1, v);
          }
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
