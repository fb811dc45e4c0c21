"""Start and stop the scale-out cluster for tests: scripts/cluster.sh (the script behind
`make serve-cluster`) with a private PostgreSQL and Redis, the action servers and several Rasa
replicas, all on free ports, with the Rasa HTTP API behind a token. Also `PrivatePostgres`, a
throwaway PostgreSQL server on its own (for the progress tests), started the way cluster.sh
starts its own."""
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

from tests.servers import MODEL, ROOT, fetch_tracker, free_port, rest_say, server_env

SCRIPT = ROOT / "scripts" / "cluster.sh"
DEPS = ROOT / "scripts" / "ensure-cluster-deps.sh"
REDIS_LOCK_DB = 1  # the `db` of the lock store in the endpoints file scripts/cluster.sh writes


def _is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_ports(count: int, avoid: frozenset = frozenset()) -> int:
    """Return the first of `count` consecutive free TCP ports (the replicas' ports follow on),
    none of them in `avoid` (ports chosen for other servers, not yet taken)."""
    for _ in range(100):
        first = free_port()
        ports = range(first, first + count)
        if first + count <= 65535 and all(_is_free(p) for p in ports[1:]) and not set(ports) & avoid:
            return first
    raise RuntimeError(f"found no {count} consecutive free ports")


def check_dependencies() -> None:
    """Fail with a clear message when PostgreSQL or Redis is not installed."""
    result = subprocess.run([str(DEPS), "--check"], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"the scale-out test needs PostgreSQL and Redis: {result.stderr.strip()}. "
                           "`make test` installs them first (scripts/ensure-cluster-deps.sh, `make cluster-deps`).")


def pg_bindir() -> Path:
    """The newest /usr/lib/postgresql/<version>/bin with initdb and postgres (as cluster.sh picks it)."""
    found = [Path(d) for d in glob.glob("/usr/lib/postgresql/*/bin")
             if os.access(Path(d) / "postgres", os.X_OK) and os.access(Path(d) / "initdb", os.X_OK)]
    if not found:
        check_dependencies()  # says what is missing and how to install it
        raise RuntimeError("no /usr/lib/postgresql/*/bin with initdb and postgres")
    return max(found, key=lambda d: [int(part) if part.isdigit() else 0 for part in d.parent.name.split(".")])


class PrivatePostgres:
    """A throwaway PostgreSQL server: `initdb` in a fresh directory under /tmp, `postgres` on a free
    port on 127.0.0.1 only, passwords required (scram-sha-256), fsync off. As root it runs as an
    unprivileged user (setpriv; $CLUSTER_PG_USER, else postgres, else nobody), as scripts/cluster.sh
    does. `create_database` makes a database owned by a role that is no superuser and returns its
    URL (password included: the URL is the tests' own, never on a command line)."""

    ADMIN = "abm_admin"
    ROLE = "progress_app"

    def __init__(self):
        self.port = free_port()
        self.admin_password = os.urandom(12).hex()
        self.password = os.urandom(12).hex()
        self.base: Optional[Path] = None
        self.process: Optional[subprocess.Popen] = None
        self._databases = 0

    def _owner(self) -> Optional[tuple[int, int]]:
        """As root: the (uid, gid) PostgreSQL runs as; otherwise None (it runs as this user)."""
        if os.getuid() != 0:
            return None
        name = os.environ.get("CLUSTER_PG_USER")
        if not name:
            try:
                pwd.getpwnam("postgres")
                name = "postgres"
            except KeyError:
                name = "nobody"
        user = pwd.getpwnam(name)
        return user.pw_uid, user.pw_gid

    def start(self, timeout: float = 60) -> "PrivatePostgres":
        import psycopg2

        bindir = pg_bindir()
        self.base = Path(tempfile.mkdtemp(prefix="abm-test-pg-"))  # directly under /tmp: reachable by that user
        owner, as_pg = self._owner(), []
        pwfile = self.base / "admin-password"
        pwfile.write_text(self.admin_password + "\n")
        if owner:
            as_pg = ["setpriv", f"--reuid={owner[0]}", f"--regid={owner[1]}", "--clear-groups"]
            os.chown(self.base, *owner)
            os.chown(pwfile, *owner)
        data = self.base / "data"
        result = subprocess.run([*as_pg, str(bindir / "initdb"), "-D", str(data), "-U", self.ADMIN,
                                 f"--pwfile={pwfile}", "--auth=scram-sha-256", "--no-locale", "-E", "UTF8",
                                 "--no-sync"], cwd="/", capture_output=True, text=True)
        pwfile.unlink()
        if result.returncode != 0:
            self.stop()
            raise RuntimeError(f"initdb failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
        self.log = self.base / "postgres.log"
        with open(self.log, "w") as log:
            if owner:
                os.chown(self.log, *owner)
            self.process = subprocess.Popen(
                [*as_pg, str(bindir / "postgres"), "-D", str(data), "-p", str(self.port),
                 "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.base}",
                 "-c", "password_encryption=scram-sha-256", "-c", "max_connections=200",
                 "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
                cwd="/", stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.admin("select 1")
                break
            except psycopg2.OperationalError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    output = self.log.read_text(errors="replace")[-3000:]
                    self.stop()
                    raise RuntimeError(f"PostgreSQL did not start:\n{output}")
                time.sleep(0.2)
        self.admin(f"create role {self.ROLE} login nosuperuser nocreatedb nocreaterole password '{self.password}'")
        return self

    def admin(self, statement: str, dbname: str = "postgres") -> None:
        """Run one statement as the superuser (autocommit)."""
        import psycopg2

        connection = psycopg2.connect(host="127.0.0.1", port=self.port, dbname=dbname, user=self.ADMIN,
                                      password=self.admin_password, connect_timeout=5)
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            connection.close()

    def url(self, dbname: str, user: Optional[str] = None, password: Optional[str] = None) -> str:
        user = user or self.ROLE
        password = self.password if password is None else password
        secret = f":{password}" if password else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self) -> str:
        """A new, empty database owned by the role; return its URL."""
        self._databases += 1
        name = f"progress_{self._databases}"
        self.admin(f"create database {name} owner {self.ROLE}")
        return self.url(name)

    def stop(self) -> None:
        """Fast shutdown (SIGINT), SIGKILL if it lingers; remove the data."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.base is not None:
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = None


class Cluster:
    """PostgreSQL + Redis + `action_servers` action servers sharing the learner progress (in
    PostgreSQL) + `replicas` Rasa servers sharing both stores; replica i calls action server
    i mod `action_servers`."""

    def __init__(self, workdir: Path, replicas: int = 2, action_servers: int = 2, **env: str):
        self.token = os.urandom(8).hex()
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.replicas = replicas
        self.action_servers = action_servers
        self.rasa_port = free_ports(replicas)
        replica_ports = frozenset(range(self.rasa_port, self.rasa_port + replicas))
        self.actions_port = free_ports(action_servers, avoid=replica_ports)
        self.pg_port = free_port()
        self.redis_port = free_port()
        self.env = server_env(ABM_SECRET_FILE=str(workdir / "secret.key"), **env)
        self.pgdata: Optional[Path] = None
        self.process: Optional[subprocess.Popen] = None
        self._redis = None

    def secret(self, purpose: str) -> str:
        """One of this cluster's passwords or tokens (from its own key file)."""
        return subprocess.run([sys.executable, "-m", "components.secrets", purpose], cwd=ROOT, env=self.env,
                              check=True, capture_output=True, text=True).stdout.strip()

    def url(self, replica: int) -> str:
        return f"http://127.0.0.1:{self.rasa_port + replica}"

    def actions_url(self, server: int) -> str:
        return f"http://127.0.0.1:{self.actions_port + server}"

    def progress_url(self, password: bool = True) -> str:
        """The learner progress the action servers share (PostgreSQL, database rasa, role rasa_app);
        without the password, for a command line (give it in $PGPASSWORD)."""
        secret = f":{self.secret('cluster-db')}" if password else ""
        return f"postgresql://rasa_app{secret}@127.0.0.1:{self.pg_port}/rasa"

    def output(self) -> str:
        """What scripts/cluster.sh has printed so far."""
        path = self.workdir / "cluster.out"
        return path.read_text(errors="replace") if path.exists() else ""

    def log(self, name: str) -> str:
        """A server's log: postgres, redis, actions-0, actions-1, …, rasa-0, rasa-1, …"""
        path = self.workdir / "log" / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def start(self, timeout: float = 300) -> "Cluster":
        """Start everything and wait until scripts/cluster.sh reports all servers ready."""
        check_dependencies()
        # As root, PostgreSQL runs as an unprivileged user, who cannot enter pytest's private
        # temporary directories: its data goes to a fresh directory directly under /tmp.
        self.pgdata = Path(tempfile.mkdtemp(prefix="abm-cluster-pg-"))
        env = dict(self.env, CLUSTER_DIR=str(self.workdir), CLUSTER_PGDATA=str(self.pgdata),
                   REPLICAS=str(self.replicas), ACTION_SERVERS=str(self.action_servers),
                   RASA_PORT=str(self.rasa_port),
                   ACTIONS_PORT=str(self.actions_port), PG_PORT=str(self.pg_port),
                   REDIS_PORT=str(self.redis_port), RASA_API_TOKEN=self.token, CLUSTER_INSTALL="0",
                   ABM_MODEL=str(MODEL),
                   # throwaway data: no need to wait for the disk
                   PG_OPTS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        with open(self.workdir / "cluster.out", "w") as out:
            self.process = subprocess.Popen([str(SCRIPT)], cwd=ROOT, env=env, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "\nReady:" in "\n" + self.output():
                return self
            if self.process.poll() is not None:
                output = self.output()
                self.stop()
                raise RuntimeError(f"scripts/cluster.sh exited while starting:\n{output[-4000:]}")
            time.sleep(0.5)
        output = self.output()
        self.stop()
        raise RuntimeError(f"the cluster was not ready within {timeout}s:\n{output[-4000:]}")

    def stop(self) -> None:
        """SIGTERM to scripts/cluster.sh, which stops its servers; SIGKILL to all if it lingers."""
        if self._redis is not None:
            self._redis.close()
            self._redis = None
        process, self.process = self.process, None
        if process is not None:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    pass
            try:  # anything left in the script's process group (it runs in its own session)
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            process.wait()
        if self.pgdata is not None:
            shutil.rmtree(self.pgdata, ignore_errors=True)
            self.pgdata = None

    def say(self, replica: int, sender: str, message: str, timeout: float = 60) -> list[dict]:
        """Send one message to one replica's REST channel; return the bot's messages."""
        return rest_say(self.url(replica), sender, message, timeout)

    def text(self, replica: int, sender: str, message: str) -> str:
        """Send a message to one replica; return the bot's texts joined by newlines."""
        return "\n".join(m.get("text", "") for m in self.say(replica, sender, message))

    def tracker(self, replica: int, sender: str) -> dict:
        """The conversation's tracker as one replica reads it from the shared tracker store."""
        return fetch_tracker(self.url(replica), sender, self.token)

    def lock_held(self, sender: str) -> bool:
        """Whether some replica holds or awaits the conversation's lock in Redis right now."""
        if self._redis is None:
            import redis  # a dependency of Rasa

            self._redis = redis.Redis(host="127.0.0.1", port=self.redis_port, db=REDIS_LOCK_DB,
                                      password=self.secret("cluster-redis"))
        return bool(self._redis.exists(f"lock:{sender}"))
