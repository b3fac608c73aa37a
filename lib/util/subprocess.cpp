#include "util/subprocess.hpp"

#include <cerrno>
#include <system_error>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace charter {

Expected<ProcessResult, std::string> run_process(const std::vector<std::string>& argv,
                                                 std::size_t out_limit) {
    if (argv.empty()) {
        return unexpected(std::string("no program to run"));
    }
    int out_pipe[2], err_pipe[2];
    if (pipe(out_pipe) != 0) {
        return unexpected(std::generic_category().message(errno));
    }
    if (pipe(err_pipe) != 0) {
        int e = errno;
        close(out_pipe[0]);
        close(out_pipe[1]);
        return unexpected(std::generic_category().message(e));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
    posix_spawn_file_actions_addclose(&actions, err_pipe[0]);
    std::vector<char*> args;
    for (const auto& a : argv) {
        args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (rc != 0) {
        close(out_pipe[0]);
        close(err_pipe[0]);
        return unexpected(argv[0] + ": " + std::generic_category().message(rc));
    }
    ProcessResult r;
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    int open_fds = 2;
    char buf[65536];
    while (open_fds > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
                continue;
            }
            ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_fds;
                continue;
            }
            std::string& dst = i == 0 ? r.out : r.err;
            std::size_t limit = i == 0 ? out_limit : 65536;
            std::size_t room = dst.size() < limit ? limit - dst.size() : 0;
            dst.append(buf, std::min(room, static_cast<std::size_t>(n)));
            if (i == 0 && static_cast<std::size_t>(n) > room) {
                r.truncated = true;
            }
        }
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    r.status = WIFEXITED(status) ? WEXITSTATUS(status)
                                 : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    return r;
}

} // namespace charter
