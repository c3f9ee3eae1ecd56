#include "grondslag/decision_log.hpp"

#include "grondslag/grondslag.hpp"
#include "grondslag/logbook.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>
#include <stdexcept>

#include <spdlog/details/null_mutex.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

namespace grondslag {

namespace {

// An spdlog sink that appends each formatted line with one write(2) on an O_APPEND descriptor:
// the stdio buffering of spdlog's file sinks splits a line longer than its buffer into several
// writes, and a process killed between them leaves a torn line.
class AppendLineSink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
public:
    explicit AppendLineSink(const std::string& path) {
        // O_NONBLOCK: a FIFO without a reader would block the open for ever; a log must be a regular
        // file (checked on the descriptor), whose writes O_NONBLOCK does not change.
        fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0640);
        if (fd_ < 0 && errno == ENXIO) throw spdlog::spdlog_ex(path + " is not a regular file");  // a FIFO
        if (fd_ < 0) throw spdlog::spdlog_ex("cannot open " + path, errno);
        struct stat own {};
        if (::fstat(fd_, &own) != 0 || !S_ISREG(own.st_mode)) {
            ::close(fd_);
            fd_ = -1;
            throw spdlog::spdlog_ex(path + " is not a regular file");
        }
        // A write(2) can still be cut short when SIGKILL arrives while the kernel copies it (between
        // pages), leaving the last line of a killed run incomplete; its answer never reached stdout.
        // End that fragment, so that it stays a line of its own and the next line starts clean.
        struct stat st;
        char last = '\n';
        if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
            const int reader = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
            if (reader >= 0) {
                if (::pread(reader, &last, 1, st.st_size - 1) != 1) last = '\n';
                ::close(reader);
            }
        }
        if (last != '\n') write_all("\n", 1);
    }
    ~AppendLineSink() override {
        if (fd_ >= 0) ::close(fd_);
    }

protected:
    // The records come formatted, with their newlines: written as they are, without a copy through the
    // formatter's buffer (no pattern applies).
    void sink_it_(const spdlog::details::log_msg& msg) override { write_all(msg.payload.data(), msg.payload.size()); }
    void flush_() override {}  // every line is already written in full

private:
    void write_all(const char* p, std::size_t left) {
        while (left > 0) {
            const ssize_t n = ::write(fd_, p, left);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) throw spdlog::spdlog_ex("cannot write the decision log", errno);
            p += n;
            left -= static_cast<std::size_t>(n);
        }
    }

    int fd_ = -1;
};

// The second, as the grondslag form records it: formatted once per second and thread.
std::string_view timestamp() {
    thread_local std::time_t last = 0;
    thread_local char text[32] = {};
    const std::time_t t = std::time(nullptr);
    if (t != last) {
        std::tm parts;
        gmtime_r(&t, &parts);
        std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
        last = t;
    }
    return text;
}

// The grondslag form: {"time","request","answer"}.
void append_answer_record(std::string_view request_sha256, std::string_view answer, std::string& records) {
    records += "{\"time\":\"";
    records += timestamp();
    records += "\",\"request\":\"sha256:";
    records += request_sha256;
    records += "\",\"answer\":";
    records += answer;
    records += '}';
}

}  // namespace

struct DecisionLog::Impl {
    Options options;
    bool failed = false;
    std::string error;
    std::shared_ptr<spdlog::logger> logger;
};

DecisionLog::DecisionLog(const std::string& path) : DecisionLog(path, Options{}) {}

DecisionLog::DecisionLog(const std::string& path, Options options) : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
    if (path.empty()) return;
    Impl& d = *impl_;
    d.logger = std::make_shared<spdlog::logger>("decisions", std::make_shared<AppendLineSink>(path));
    d.logger->flush_on(spdlog::level::info);  // every record reaches the file before its answer
    // spdlog reports write errors to a handler and goes on; an audit trail with holes is not
    // acceptable, so a failed write stops the decisions (fail closed).
    d.logger->set_error_handler([&d](const std::string& message) {
        d.failed = true;
        d.error = message;
    });
}

DecisionLog::~DecisionLog() = default;

bool DecisionLog::enabled() const { return impl_->logger != nullptr; }

const DecisionLog::Options& DecisionLog::options() const { return impl_->options; }

void DecisionLog::append_record(Decider& decider, std::string_view request_sha256, std::string_view answer,
                                std::string& records, const LogbookContext* given) const {
    const Options& o = impl_->options;
    if (o.format == Format::logbook) {
        LogbookContext c;
        if (given) c = *given;
        if (c.bundle_sha256.empty()) c.bundle_sha256 = o.bundle_sha256;
        if (c.signer.empty()) c.signer = o.signer;
        c.subject_key = o.subject_key;
        decider.append_logbook_record(c, request_sha256, records);
    } else {
        append_answer_record(request_sha256, answer, records);
    }
    records += '\n';
}

void DecisionLog::append_captured_record(const LogbookCapture& capture, std::size_t index, std::string_view request_sha256,
                                         std::string_view answer, std::string& records) const {
    const Options& o = impl_->options;
    if (o.format == Format::logbook) {
        LogbookContext c;
        c.bundle_sha256 = o.bundle_sha256;
        c.signer = o.signer;
        c.subject_key = o.subject_key;
        capture.append_record(index, c, request_sha256, records);
    } else {
        append_answer_record(request_sha256, answer, records);
    }
    records += '\n';
}

bool DecisionLog::write(std::string_view records) {
    Impl& d = *impl_;
    if (!d.logger || records.empty()) return true;
    if (d.failed) return false;
    d.logger->info(records);
    return !d.failed;
}

const std::string& DecisionLog::error() const { return impl_->error; }

}  // namespace grondslag
