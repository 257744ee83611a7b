"""OS errors in Chinese: `strerror` is the operating system's English ("No space left on device")."""

from __future__ import annotations

import errno

_OS_MESSAGES = {
    "ENOSPC": "磁盘空间不足",
    "EDQUOT": "超出磁盘配额",
    "EROFS": "磁盘为只读",
    "EIO": "磁盘读写出错",
    "ENAMETOOLONG": "文件名或路径过长",
    "EACCES": "没有权限",
    "EPERM": "没有权限",
    "ENOENT": "文件或文件夹不存在",
    "ENOTDIR": "路径中有一项不是文件夹",
    "EISDIR": "是一个文件夹",
    "EBUSY": "文件正被占用",
    "ETXTBSY": "文件正被占用",
    "EMFILE": "打开的文件过多",
    "ENFILE": "打开的文件过多",
    "ELOOP": "路径中的链接过多",
    "EXDEV": "不在同一个磁盘上",
    "EINVAL": "文件名无效",
    "ESTALE": "网络文件已失效",
    "ETIMEDOUT": "网络超时",
}


def os_message(error: OSError) -> str:
    """A Chinese description of an OS error: the operating system's own text is English."""
    name = errno.errorcode.get(error.errno or -1, "")
    if name in _OS_MESSAGES:
        return _OS_MESSAGES[name]
    winerror = getattr(error, "winerror", None)
    if winerror in (32, 33):  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
        return "文件正被其他程序占用"
    if winerror == 112:  # ERROR_DISK_FULL
        return "磁盘空间不足"
    return f"系统错误（{name or error.errno or type(error).__name__}）"
