"""Mount tables of each OS parsed into the discs and removable media they hold."""

from __future__ import annotations

from reader.sources.mounts import (
    DRIVE_CDROM,
    DRIVE_FIXED,
    DRIVE_REMOTE,
    DRIVE_REMOVABLE,
    MountPoint,
    current_mounts,
    decode_mount_field,
    mount_paths,
    parse_mountinfo,
    parse_volumes_dir,
    parse_windows_drives,
)

# A desktop Linux with a DVD auto-mounted by udisks (label with a space), a USB stick,
# a loop-mounted ISO under /mnt, a DVD mounted by hand elsewhere, and the usual noise.
MOUNTINFO = r"""
22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw,errors=remount-ro
23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
24 22 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:2 - sysfs sysfs rw
25 22 0:5 / /dev rw,nosuid,relatime shared:3 - devtmpfs udev rw,size=4010000k
26 22 0:24 / /run rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs rw,size=803000k
40 22 7:3 / /snap/core/123 ro,nodev,relatime shared:20 - squashfs /dev/loop3 ro
51 26 11:0 / /run/media/ann/CRYPTOME\0402 ro,nosuid shared:300 - udf /dev/sr0 ro
52 22 8:17 / /media/ann/USB\040STICK rw,nosuid shared:310 - vfat /dev/sdb1 rw
53 22 7:8 / /mnt/iso ro,relatime shared:320 - iso9660 /dev/loop8 ro,nojoliet
54 22 11:1 / /srv/dvd ro,relatime shared:330 - iso9660 /dev/sr1 ro
55 26 0:50 / /run/user/1000/gvfs rw,nosuid,nodev,relatime shared:340 - fuse.gvfsd-fuse gvfsd-fuse rw
56 22 0:51 / /mnt/wsl rw,relatime shared:350 - tmpfs none rw
57 22 8:33 / /media/ann/Caf\303\251 rw,nosuid,nodev shared:360 opt:1 - exfat /dev/sdc1 rw
garbage line that is not a mount
"""


def test_linux_mountinfo_keeps_optical_and_removable_mounts_only() -> None:
    mounts = parse_mountinfo(MOUNTINFO)
    assert [m.path for m in mounts] == [
        "/run/media/ann/CRYPTOME 2",
        "/media/ann/USB STICK",
        "/mnt/iso",
        "/srv/dvd",
        "/media/ann/Café",
    ]
    dvd = mounts[0]
    assert dvd == MountPoint("/run/media/ann/CRYPTOME 2", "udf", "/dev/sr0", optical=True)
    assert mounts[1].fstype == "vfat" and not mounts[1].optical
    assert mounts[3].optical  # iso9660 counts wherever it is mounted


def test_octal_escapes_are_decoded_including_utf8_bytes() -> None:
    assert decode_mount_field(r"My\040Disc\011tab\134back") == "My Disc\ttab\\back"
    assert decode_mount_field(r"Caf\303\251") == "Café"


def test_a_repeated_mount_point_is_listed_once() -> None:
    line = "51 26 11:0 / /media/d ro shared:1 - iso9660 /dev/sr0 ro\n"
    assert len(parse_mountinfo(line * 2)) == 1


def test_macos_volumes_listing_skips_the_startup_disk_link() -> None:
    entries = [("Macintosh HD", True), ("CRYPTOME_1", False), (".Trashes", False), ("USB", False)]
    assert [m.path for m in parse_volumes_dir(entries)] == ["/Volumes/CRYPTOME_1", "/Volumes/USB"]


def test_windows_keeps_cd_and_removable_drive_letters() -> None:
    types = {
        "C": DRIVE_FIXED,
        "D": DRIVE_CDROM,
        "E:": DRIVE_REMOVABLE,
        "Z": DRIVE_REMOTE,
        "F": DRIVE_CDROM,
    }
    mounts = parse_windows_drives(types)
    assert [(m.path, m.fstype, m.optical) for m in mounts] == [
        ("D:\\", "cdrom", True),
        ("E:\\", "removable", False),
        ("F:\\", "cdrom", True),
    ]


def test_current_mounts_on_this_machine_are_listable_folders() -> None:
    import os

    for m in current_mounts():
        assert os.path.isdir(m.path)
    assert mount_paths() == [m.path for m in current_mounts()]
