package dev.cto.costs.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.store.RejectedRecordsException;
import dev.cto.costs.store.StoreException;
import dev.cto.costs.store.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** What each backend's error says about whether other records, or any write, can succeed. */
class SqlFailuresTest {

  @Test
  void postgresDataAndConstraintErrorsRefuseTheRecords() {
    // 22001 value too long, 22021 a NUL byte, 23514 a CHECK constraint
    for (String state : new String[] {"22001", "22021", "23514"}) {
      assertThat(SqlFailures.classify("m", new SQLException("x", state), false)).isExactlyInstanceOf(RejectedRecordsException.class);
    }
  }

  @Test
  void postgresConnectionAndResourceErrorsAndAPoolTimeoutMeanTheStoreIsDown() {
    // 08006 connection failure, 53100 disk full, 57P01 administrator shutdown, 58030 I/O error
    for (String state : new String[] {"08006", "53100", "57P01", "58030"}) {
      assertThat(SqlFailures.classify("m", new SQLException("x", state), false)).isExactlyInstanceOf(StoreUnavailableException.class);
    }
    assertThat(SqlFailures.classify("m", new SQLTransientConnectionException("Connection is not available"), false))
        .isExactlyInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void sqliteResultCodesAreReadFromTheErrorCode() {
    assertThat(SqlFailures.classify("m", new SQLException("constraint", null, 19), true)).isExactlyInstanceOf(RejectedRecordsException.class);
    assertThat(SqlFailures.classify("m", new SQLException("full", null, 13), true)).isExactlyInstanceOf(StoreUnavailableException.class);
    assertThat(SqlFailures.classify("m", new SQLException("busy", null, 5), true)).isExactlyInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void anythingElseStaysAPlainStoreException() {
    assertThat(SqlFailures.classify("m", new SQLException("cannot commit - no transaction is active"), true))
        .isExactlyInstanceOf(StoreException.class);
    assertThat(SqlFailures.classify("m", new SQLException("serialization", "40001"), false)).isExactlyInstanceOf(StoreException.class);
  }
}
